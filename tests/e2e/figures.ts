import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Notebook } from '../../src/model';

/** What one figure shows: its marks by kind (`dot`, `bar` …) and any that fall outside its svg. */
export interface FigureMarks {
  readonly name: string;
  readonly marks: Record<string, number>;
  readonly outside: string[];
  readonly caption: string;
  /** For a figure with `tip` marks, the tip shown on hovering its first tipped mark, line by line. */
  readonly tip?: string[];
}

/** What `checkFigures` saw: the marks of every drawn figure, the rows read from every table, and the notes. */
export interface FiguresSeen {
  readonly figures: FigureMarks[];
  readonly tables: { name: string; rows: number }[];
  readonly notes: Record<string, string>;
}

const NOT_A_MARK = /axis|grid|frame|tip|legend|facet/;

/**
 * Looks at every plot and table of a notebook as it is drawn in the page. A plot is either a
 * note named in `notes` (with its text) or an svg with data marks (circles, paths, rects, lines
 * in Plot's mark groups other than reference rules), every one of them inside the svg's box, and
 * a caption without NaN. A table with rows shows no NaN, Infinity or undefined, and where it has
 * an `n` column, n > 0 unless its `needs` column says what is missing.
 */
export async function checkFigures(page: Page, notebook: Notebook, options: { notes?: Record<string, RegExp> } = {}): Promise<FiguresSeen> {
  const named = notebook.cells.filter((c) => 'name' in c) as (Notebook['cells'][number] & { name: string })[];
  const seen: FiguresSeen = { figures: [], tables: [], notes: {} };
  for (const c of named.filter((x) => x.kind === 'plot')) {
    const root = page.locator(`[data-cell-name="${c.name}"]`);
    await root.locator('svg').or(root.getByTestId('cell-note')).first().waitFor({ timeout: 30_000 });
    const note = root.getByTestId('cell-note');
    if (await note.count()) {
      const text = (await note.textContent()) ?? '';
      seen.notes[c.name] = text;
      expect(options.notes?.[c.name], `${c.name} shows the note "${text}" instead of a figure`).toBeDefined();
      expect(text, c.name).toMatch(options.notes![c.name]);
      continue;
    }
    const figure = await page.evaluate(({ name, skip }) => {
      const cell = document.querySelector(`[data-cell-name="${name}"]`)!;
      const marks: Record<string, number> = {};
      const outside: string[] = [];
      for (const svg of cell.querySelectorAll('svg')) {
        const box = svg.getBoundingClientRect();
        for (const el of svg.querySelectorAll('circle, path, rect, line')) {
          const label = el.closest('g[aria-label]')?.getAttribute('aria-label');
          if (!label || new RegExp(skip).test(label)) continue;
          // A pointer mark's datum (crosshair, Plot.pointer) is drawn only while pointed at: hidden, not a mark.
          if (el.closest('g[data-pointer]') && !el.closest('g.pointed')) continue;
          marks[label] = (marks[label] ?? 0) + 1;
          const b = el.getBoundingClientRect();
          if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1) {
            outside.push(`${label} at x ${Math.round(b.left - box.left)}..${Math.round(b.right - box.left)}, y ${Math.round(b.top - box.top)}..${Math.round(b.bottom - box.top)} (svg ${Math.round(box.width)} × ${Math.round(box.height)})`);
          }
        }
      }
      return { name, marks, outside, caption: cell.querySelector('figcaption')?.textContent ?? '' };
    }, { name: c.name, skip: NOT_A_MARK.source });
    const data = Object.entries(figure.marks).filter(([label]) => !label.startsWith('rule')).reduce((s, [, n]) => s + n, 0);
    expect(data, `${c.name} draws data marks (it has ${JSON.stringify(figure.marks)})`).toBeGreaterThan(0);
    expect(figure.outside.slice(0, 5), `${c.name}: marks outside the chart`).toEqual([]);
    expect(figure.caption, c.name).not.toMatch(/NaN|undefined|Infinity/);
    let tip: string[] | undefined;
    if ('source' in c && /tip:\s*true/.test(c.source)) {
      // Hover a tipped mark, as a reader does: the page shows its tip as text.
      const mark = page.locator(`[data-cell-name="${c.name}"] .dom-view [data-tip]`).first();
      // The page may still be laying out cells below or above: hover again until the tip reads.
      for (let attempt = 0; attempt < 5 && !tip?.length; attempt++) {
        await mark.scrollIntoViewIfNeeded();
        const b = (await mark.boundingBox())!;
        await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
        tip = await page.evaluate((name) => [...document.querySelectorAll(`[data-cell-name="${name}"] [data-testid="chart-tip"] div`)].map((l) => `${l.querySelector('b')?.textContent ?? ''}: ${l.querySelector('span')?.textContent ?? ''}`), c.name);
        if (!tip.length) await page.waitForTimeout(200);
      }
      tip ??= [];
      expect(tip.length, `${c.name}: tip lines`).toBeGreaterThan(1);
      expect(tip.filter((l) => /: $|NaN|undefined/.test(l)), `${c.name}: tip ${tip.join(' / ')}`).toEqual([]);
      await page.mouse.move(0, 0);
    }
    seen.figures.push({ ...figure, ...(tip && { tip }) });
  }
  for (const c of named.filter((x) => x.kind === 'query' || x.kind === 'data')) {
    const table = page.locator(`[data-cell-name="${c.name}"] .table-view table`);
    if (!(await table.count())) continue;
    const { head, body } = await table.first().evaluate((t) => ({
      head: [...t.querySelectorAll('thead th')].map((th) => th.textContent ?? ''),
      body: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    }));
    if (!body.length) continue;
    const n = head.indexOf('n');
    const needs = head.indexOf('needs');
    for (const row of body) {
      expect(row.filter((v) => /^(NaN|-?Infinity|undefined)$/.test(v.trim())), `${c.name}: ${row.join(' | ')}`).toEqual([]);
      if (n >= 0 && !(needs >= 0 && row[needs].trim())) expect(Number(row[n]), `${c.name}: n in ${row.join(' | ')}`).toBeGreaterThan(0);
      if (needs >= 0 && row[needs].trim()) expect(row[needs], c.name).toMatch(/\w{3,}/);
    }
    seen.tables.push({ name: c.name, rows: body.length });
  }
  return seen;
}
