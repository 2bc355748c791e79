// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, isNamedCell, type NamedCell, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import type { NotebookState } from '../../src/state/notebook-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { pearson } from '../../src/analysis';

const text = readFileSync(resolve(__dirname, '../../cells/motivation-in-llms.md'), 'utf8');

// jsdom has no canvas; Plot draws continuous colour legends on one.
HTMLCanvasElement.prototype.getContext = function () {
  return new Proxy({}, { get: () => () => undefined, set: () => true });
} as unknown as HTMLCanvasElement['getContext'];

type Row = Record<string, unknown>;
let app: AppState | null = null;
afterEach(() => app?.close());

async function open(): Promise<NotebookState> {
  const shipped: Notebook[] = [parseNotebook(text, { id: asNotebookId('motivation-in-llms'), origin: 'shipped' })];
  app = new AppState({
    store: createDexieStore({ name: `small-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange }),
    providerFactory: () => createSimulatedProvider(),
    shipped,
    sandbox: createInProcessSandbox,
    answer: () => Promise.reject(new Error('no network in unit tests')),
  });
  await app.load();
  const nb = (await app.open(asNotebookId('motivation-in-llms')))!;
  await nb.settled();
  return nb;
}

/** The cells of the Results section, as the notebook lists them. */
function resultCells(nb: NotebookState): NamedCell[] {
  const md = nb.notebook.cells.findIndex((c) => c.kind === 'markdown' && c.source.includes('## Results'));
  // "Plan your run" comes after the results: it simulates from the parameters and needs no trials.
  const plan = nb.notebook.cells.findIndex((c) => c.kind === 'markdown' && c.source.includes('## Plan your run'));
  return nb.notebook.cells.slice(md, plan < 0 ? undefined : plan).filter(isNamedCell).filter((c) => c.name !== 'humanRatings' && c.kind !== 'input');
}

const named = (nb: NotebookState, name: string) => nb.notebook.cells.filter(isNamedCell).find((c) => c.name === name)!;
const view = (nb: NotebookState, name: string) => nb.cellState(named(nb, name).id).value;
const value = async (nb: NotebookState, name: string) => (await nb.cellByName(name))!.value;

describe('the study notebook before and at its smallest settings', () => {
  it('shows a quiet note, not an error, in every analysis before any trial exists', async () => {
    const nb = await open();
    const states = nb.notebook.cells.filter(isNamedCell).map((c) => ({ name: c.name, status: nb.cellState(c.id).status }));
    expect(states.filter((s) => s.status !== 'fulfilled')).toEqual([]);
    for (const cell of resultCells(nb)) {
      const v = nb.cellState(cell.id).value;
      expect(v?.kind, cell.name).toBe('note');
      expect(v?.kind === 'note' && v.text, cell.name).toMatch(/^no .*(press Run all experiments|paste a CSV)/);
    }
    expect(view(nb, 'counts')).toEqual({ kind: 'note', text: 'no trials yet: press Run all experiments' });
  }, 60_000);

  it('at 1 sub-task per category and 1 response computes what the data allow and names what the rest needs', async () => {
    const nb = await open();
    await nb.setInput(named(nb, 'perCategory').id, 1);
    await nb.setInput(named(nb, 'reps').id, 1);
    await nb.settled();
    await nb.runAll();
    const problems = nb.notebook.cells.filter(isNamedCell).filter((c) => nb.cellState(c.id).status !== 'fulfilled').map((c) => `${c.name}: ${nb.cellState(c.id).error?.message}`);
    expect(problems).toEqual([]);

    // One response per sub-task: test-retest says to add a repetition, naming the input.
    expect(view(nb, 'retest')).toEqual({ kind: 'note', text: expect.stringContaining('set "Responses per model × experiment × sub-task" to 2 or more') });
    // The category regression runs on the categories that have enough sub-tasks, and says which it left out.
    const categories = (await value(nb, 'categories')) as { F: number; df1: number; n: number; leftOut: string; categories: { category: string; tasks: number; estimate: number | null }[] };
    expect(categories.df1).toBeGreaterThanOrEqual(2);
    expect(Number.isFinite(categories.F)).toBe(true);
    expect(categories.leftOut).toMatch(/^Left out of the regression: \d+ with fewer than 2 sub-tasks/);
    for (const c of categories.categories.filter((x) => x.tasks < 2)) expect(c.estimate, c.category).toBeNull();
    expect(view(nb, 'figCategories')?.kind).toBe('dom');

    // The comparison table: a number with its n, or what it needs.
    const comparison = (await value(nb, 'comparison')) as Row[];
    expect(comparison.length).toBeGreaterThanOrEqual(10);
    for (const r of comparison) {
      if (r.needs === null) {
        expect(r.ours, String(r.result)).not.toBeNull();
        expect(Number(r.n), String(r.result)).toBeGreaterThan(0);
      } else expect(String(r.needs), String(r.result)).toMatch(/\w+/);
    }
    const byResult = Object.fromEntries(comparison.map((r) => [r.result, r]));
    expect(byResult['Category effect F'].ours).toBe(categories.F);
    expect(byResult['Test-retest r (mean over models)'].needs).toMatch(/Responses per model/);
    // Table 1's length column comes from the answers, with n.
    const table1 = (await value(nb, 'table1')) as Row[];
    expect(table1.find((r) => r.report === 'pre' && r.outcome === 'tokens')!.n).toBeGreaterThan(0);
  }, 120_000);
});

describe('when the judge fails', () => {
  it("Table 1 keeps the answers' length, and the judge's figures and tables say how many replies parsed", async () => {
    const nb = await open();
    await nb.setInput(named(nb, 'perCategory').id, 1);
    // A judge scale the judge's 1-7 ratings fall outside: every judge reply is stored unparsed.
    const design = named(nb, 'judgeDesign');
    if (!('source' in design)) throw new Error('judgeDesign has no source');
    await nb.commitSource(design.id, design.source.replace(/scale: \{ min: 1, max: 7 \}/, 'scale: { min: 8, max: 9 }'));
    await nb.settled();
    await nb.runAll();
    const judge = (await value(nb, 'judge')) as Row[];
    expect(judge.length).toBeGreaterThan(0);
    expect(judge.filter((r) => r.status === 'ok')).toEqual([]);
    const message = `no parsed judge scores yet: 0 of ${judge.length} judge replies parsed`;
    expect(view(nb, 'judged')).toEqual({ kind: 'note', text: message });
    expect(view(nb, 'criteriaCorrelations')).toEqual({ kind: 'note', text: message });
    const table1 = (await value(nb, 'table1')) as Row[];
    for (const report of ['pre', 'breakdown', 'post']) {
      const tokens = table1.find((r) => r.report === report && r.outcome === 'tokens')!;
      expect(tokens.n, report).toBeGreaterThan(10);
      expect(Number.isFinite(tokens.r), report).toBe(true);
      expect(table1.find((r) => r.report === report && r.outcome === 'performance')).toMatchObject({ r: null, n: 0, needs: message });
    }
    // Figure 3c still draws the answers' length, and its caption says why the judge's metrics are missing.
    const behaviour = view(nb, 'figBehaviour');
    expect(behaviour?.kind).toBe('dom');
    expect(behaviour?.kind === 'dom' && behaviour.html).toContain(`Performance and effort are missing: ${message}.`);
  }, 120_000);
});

describe('the breakdown item "value" is the item, not the trial value', () => {
  it('reaches the trial table and the item correlations as the replies gave it', async () => {
    const nb = await open();
    await nb.runAll();
    const breakdown = (await value(nb, 'breakdown')) as Row[];
    const ok = breakdown.filter((r) => r.status === 'ok' && r.condition === 'none');
    // What the replies themselves said.
    const said = ok.map((r) => JSON.parse(String(r.raw).slice(String(r.raw).indexOf('{'), String(r.raw).lastIndexOf('}') + 1)) as Record<string, number>);
    expect(ok.map((r) => r.reply_value)).toEqual(said.map((s) => s.value));
    expect(ok.map((r) => r.value)).toEqual(said.map((s) => s.motivation));
    expect(ok.some((r) => r.reply_value !== r.value)).toBe(true);
    const raw = pearson(said.map((s) => s.value), said.map((s) => s.motivation)).r;
    expect(raw).toBeLessThan(0.98);
    const items = (await value(nb, 'itemCorrelations')) as Row[];
    expect(items.find((r) => r.item === 'value')!.motivation).toBe(Math.round(raw * 100) / 100);
  }, 120_000);
});
