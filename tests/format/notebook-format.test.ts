import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotebookFormatError, parseNotebook, serializeNotebook, slugFromFilename } from '../../src/format';
import { asNotebookId, type Cell, type Notebook } from '../../src/model';

const cellsDir = join(__dirname, '../../cells');
const opts = { id: asNotebookId('nb'), origin: 'user' as const };
const parse = (text: string) => parseNotebook(text, opts);

describe('shipped notebooks', () => {
  const files = readdirSync(cellsDir).filter((f) => f.endsWith('.md'));
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s round-trips byte for byte', (file) => {
    const text = readFileSync(join(cellsDir, file), 'utf8');
    const nb = parseNotebook(text, { id: slugFromFilename(file), origin: 'shipped' });
    expect(serializeNotebook(nb)).toBe(text);
  });
});

describe('parseNotebook', () => {
  const text = [
    '---', 'title: Demo', '---', '', 'Intro with a code sample:', '', '```js', 'not a cell', '```', '', '<!-- cell -->', '', 'Second text.', '',
    '````query q', 'const s = `', '```', '`;', 'return s', '````', '', '```input n', '{ "type": "select", "options": ["a", "b"], "value": "b" }', '```', '',
  ].join('\n');

  it('reads markdown, code and input cells with deterministic ids', () => {
    const nb = parse(text);
    expect(nb.title).toBe('Demo');
    expect(nb.cells.map((c) => `${c.kind} ${c.id}`)).toEqual(['markdown c_md1', 'markdown c_md2', 'query c_q', 'input c_n']);
    expect((nb.cells[0] as { source: string }).source).toBe('Intro with a code sample:\n\n```js\nnot a cell\n```');
    expect((nb.cells[2] as { source: string }).source).toBe('const s = `\n```\n`;\nreturn s');
    expect(serializeNotebook(nb)).toBe(text);
  });

  it('keeps ids of cells matched by name when re-importing', () => {
    const previous: Notebook = { ...parse(text), cells: parse(text).cells.map((c) => ({ ...c, id: `old_${c.id}` }) as Cell) };
    const nb = parseNotebook(text, { ...opts, previous });
    expect(nb.cells.map((c) => c.id)).toEqual(['old_c_md1', 'old_c_md2', 'old_c_q', 'old_c_n']);
  });

  it.each([
    ['no front matter', 'hello', /Line 1: a notebook starts with a front matter/],
    ['no title', '---\n---\n', /Line 2: the front matter needs a title/],
    ['unknown key', '---\ntitle: a\nauthor: b\n---\n', /Line 3: unknown front matter key 'author'/],
    ['unclosed front matter', '---\ntitle: a\n', /not closed/],
    ['unclosed fence', '---\ntitle: a\n---\n\n```query q\n1\n', /Line 5: the query cell 'q' has no closing ```/],
    ['missing name', '---\ntitle: a\n---\n\n```plot\n1\n```\n', /Line 5: the plot cell needs a name/],
    ['bad name', '---\ntitle: a\n---\n\n```plot 1x\n1\n```\n', /'1x' is not a valid name/],
    ['reserved name', '---\ntitle: a\n---\n\n```plot class\n1\n```\n', /reserved word/],
    ['duplicate', '---\ntitle: a\n---\n\n```plot a\n1\n```\n\n```query a\n1\n```\n', /Line 9: the name 'a' is already used by the cell on line 5/],
    ['bad json', '---\ntitle: a\n---\n\n```input a\n{ type: 1 }\n```\n', /input cell 'a' does not hold valid JSON/],
    ['bad input', '---\ntitle: a\n---\n\n```input a\n{ "type": "range", "min": 5, "max": 1, "value": 3 }\n```\n', /"min" must be below "max"/],
  ])('rejects %s', (_name, source, message) => {
    expect(() => parse(source)).toThrow(NotebookFormatError);
    expect(() => parse(source)).toThrow(message);
  });
});

describe('serializeNotebook', () => {
  /** A small seeded generator so the property test is reproducible. */
  function rng(seed: number) {
    return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }
  const pieces = ['x', '```', '````', '`', '<b>', '# Title', '- item', '', '  indented', 'return 1', '{ a: 1 }', 'é ✓'];

  it('is stable for random notebooks and parses back to the same cells', () => {
    const random = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    for (let round = 0; round < 200; round++) {
      const cells: Cell[] = [];
      const n = Math.floor(random() * 6);
      for (let i = 0; i < n; i++) {
        const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(pieces));
        const kind = pick(['markdown', 'query', 'plot', 'experiment', 'input'] as const);
        const id = `c_${i}` as Cell['id'];
        if (kind === 'markdown') {
          const source = lines.filter((l) => !l.startsWith('```') && l.trim()).join('\n');
          if (source) cells.push({ kind, id, source });
        } else if (kind === 'input') cells.push({ kind, id, name: `v${i}`, input: { type: 'number', label: pick(pieces), value: round } });
        else cells.push({ kind, id, name: `v${i}`, source: lines.join('\n') });
      }
      const nb: Notebook = { id: asNotebookId('nb'), title: `Round ${round}`, cells, origin: 'user', updatedAt: 0 };
      const text = serializeNotebook(nb);
      const back = parse(text);
      expect(serializeNotebook(back)).toBe(text);
      const strip = (c: Cell) => ({ ...c, id: null });
      expect(back.cells.map(strip)).toEqual(cells.map(strip));
    }
  });
});

describe('slugFromFilename', () => {
  it('derives ids from file names', () => {
    expect(slugFromFilename('/x/cells/quick-start.md')).toBe('quick-start');
    expect(slugFromFilename('My Study.md')).toBe('my-study');
  });
});

describe('data cells', () => {
  const text = '---\ntitle: Data\n---\n\n```data ratings\n{"file":"human-ratings.csv","columns":["taskId","rating"]}\n```\n';

  it('round-trip, keeping the body that names the file and the columns', () => {
    const nb = parse(text);
    expect(nb.cells).toEqual([{ kind: 'data', id: 'c_ratings', name: 'ratings', source: '{"file":"human-ratings.csv","columns":["taskId","rating"]}' }]);
    expect(serializeNotebook(nb)).toBe(text);
  });

  it('refuse a body that is not a data spec, with its line', () => {
    expect(() => parse(text.replace('"columns"', '"cols"'))).toThrow(new NotebookFormatError("the data cell 'ratings': unknown field 'cols' in the data cell (it reads file, columns, exactColumns)", 5));
    expect(() => parse(text.replace('["taskId","rating"]', '42'))).toThrow(/Line 5: the data cell 'ratings': the data cell's 'columns' must be "trials" or a list of column names/);
  });
});
