import { describe, expect, it } from 'vitest';
import { compileCell } from '../../src/runtime/compile-cell';
import { CellError } from '../../src/runtime/cell-error';

const options = { scope: ['aq', 'op'], isGlobal: (n: string) => ['Math', 'JSON', 'Number', 'Promise', 'setTimeout', 'undefined'].includes(n), cellName: 'test' };
const refs = (source: string, mode: 'expression' | 'expression-or-block' = 'expression-or-block') =>
  compileCell(source, { ...options, mode }).references;
const signal = new AbortController().signal;

describe('compileCell references', () => {
  it.each([
    ['x + y', ['x', 'y']],
    ['table.filter((d) => d.status === "ok")', ['table']],
    ['aq.from(rows).derive({ m: op.mean("v") })', ['rows']],
    ['Math.max(a, b?.c, d[e])', ['a', 'b', 'd', 'e']],
    ['{ models: [model], tasks, n: reps }', ['model', 'tasks', 'reps']],
    ['`${x} and ${y.z}`', ['x', 'y']],
    ['const a = 1; let { b, c: [d = e] } = f; return a + b + d', ['e', 'f']],
    ['function g(h) { return h + i } return g(1)', ['i']],
    ['for (const k of list) { total += k } return total', ['list', 'total']],
    ['try { risky() } catch (err) { return err } ', ['risky']],
    ['outer: for (;;) { break outer } return 1', []],
    ['var v = w; { let v2 = v } return v2', ['w', 'v2']],
    ['class A extends B { m() { return this.x + C } } return new A()', ['B', 'C']],
    ['((n = m) => n)(undefined)', ['m']],
    ['const r = await Promise.resolve(q); return r', ['q']],
  ])('%s reads %j', (source, expected) => {
    expect(refs(source)).toEqual(expected);
  });
});

describe('compileCell evaluation', () => {
  it('evaluates an object expression with inputs and scope', async () => {
    const cell = compileCell('{ a: x,\n  b: aq * 2 }', { ...options, mode: 'expression' });
    expect(await cell.evaluate({ x: 1 }, { aq: 21, op: null }, signal)).toEqual({ a: 1, b: 42 });
  });

  it('evaluates a block with await and return', async () => {
    const cell = compileCell('const v = await Promise.resolve(x);\nreturn v + 1', { ...options, mode: 'expression-or-block' });
    expect(await cell.evaluate({ x: 1 }, {}, signal)).toBe(2);
  });

  it('gives the abort signal to the cell', async () => {
    const controller = new AbortController();
    controller.abort();
    const cell = compileCell('signal.aborted', { ...options, mode: 'expression' });
    expect(await cell.evaluate({}, {}, controller.signal)).toBe(true);
  });

  it('allows a trailing line comment', async () => {
    const cell = compileCell('1 + 1 // two', { ...options, mode: 'expression' });
    expect(await cell.evaluate({}, {}, signal)).toBe(2);
  });

  it('reports syntax errors with the line and column of the cell source', () => {
    const run = () => compileCell('const a = 1;\nconst b = ;\nreturn b', { ...options, mode: 'expression-or-block' });
    expect(run).toThrow(CellError);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'syntax', line: 2, column: 11 });
    }
  });

  it('reports a syntax error on the first line of an expression at the right column', () => {
    try {
      compileCell('{ a: }', { ...options, mode: 'expression' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'syntax', line: 1, column: 6 });
    }
  });

  it.each([
    ['expression-or-block', 'const a = 1;\nconst b = 2;\nnull.boom;\nreturn a'],
    ['expression', '[\n  1,\n  null.boom,\n]'],
  ] as const)('maps a runtime error to the cell line (%s)', async (mode, source) => {
    const cell = compileCell(source, { ...options, mode });
    await expect(cell.evaluate({}, {}, signal)).rejects.toMatchObject({ kind: 'runtime', line: 3 });
  });

  it('keeps the cause of runtime errors and the message', async () => {
    const cell = compileCell('JSON.parse("{")', { ...options, mode: 'expression' });
    await expect(cell.evaluate({}, {}, signal)).rejects.toMatchObject({ kind: 'runtime', line: 1, message: expect.stringMatching(/JSON/) });
  });
});
