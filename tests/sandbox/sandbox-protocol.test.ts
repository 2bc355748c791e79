// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import * as Plot from '@observablehq/plot';
import * as stats from '../../src/analysis';
import type { ExperimentSpec } from '../../src/model';
import { endpointIdentity } from '../../src/model';
import { expandPlan } from '../../src/experiments/expand-plan';
import { validateSpec } from '../../src/experiments/validate-spec';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { valueView, plainValue, VIEW_ROWS } from '../../src/sandbox/value-view';
import type { CellErrorData, SandboxAsk, SandboxCell, ValueView } from '../../src/sandbox/protocol';
import { SandboxClient, type SandboxCellObserver } from '../../src/state/sandbox-client';
import { makeTrial } from '../fixtures/trial';

describe('value views', () => {
  it('sends a table as columns, its first rows and its row count', () => {
    const t = aq.table({ x: Array.from({ length: 500 }, (_, i) => i), y: Array.from({ length: 500 }, (_, i) => `r${i}`) });
    const view = valueView(t);
    expect(view).toMatchObject({ kind: 'table', columns: ['x', 'y'], numRows: 500 });
    expect(view.kind === 'table' && view.rows.length).toBe(VIEW_ROWS);
    expect(view.kind === 'table' && view.rows[3]).toEqual({ x: 3, y: 'r3' });
  });

  it('sends a statistics result as its summary and APA sentence, an element as HTML, anything else as JSON', () => {
    const r = stats.pearson([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]);
    const view = valueView(r);
    expect(view).toMatchObject({ kind: 'stat', summary: { kind: 'pearson', n: 6 } });
    expect(view.kind === 'stat' && view.apa).toMatch(/^r\(4\) = /);
    const chart = Plot.plot({ marks: [Plot.dot([{ a: 1, b: 2 }], { x: 'a', y: 'b' })] });
    expect(valueView(chart)).toEqual({ kind: 'dom', html: chart.outerHTML });
    expect(valueView({ a: [1, 2.123456789] })).toEqual({ kind: 'json', text: '{\n  "a": [\n    1,\n    2.12346\n  ]\n}' });
    expect(valueView(undefined)).toEqual({ kind: 'undefined' });
  });

  it('gives plain data for the console: tables as rows, elements as a tag, functions dropped', () => {
    expect(plainValue(aq.table({ x: [1, 2] }))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(plainValue(document.createElement('figure'))).toBe('<figure>');
    expect(plainValue({ n: 1, f: () => 1 })).toEqual({ n: 1 });
  });
});

/** A client over the in-process sandbox that records what each cell was told, as the page does. */
function sandbox(answer: (ask: SandboxAsk) => Promise<unknown> = () => Promise.reject(new Error('no'))) {
  const client = new SandboxClient(createInProcessSandbox(), answer);
  const seen = new Map<string, { views: ValueView[]; errors: CellErrorData[]; specs: (ExperimentSpec | null)[]; pending: number }>();
  const names: string[] = [];
  const define = (id: string, cell: SandboxCell) => {
    if (!names.includes(cell.name)) names.push(cell.name);
    const s = seen.get(id) ?? { views: [], errors: [], specs: [], pending: 0 };
    seen.set(id, s);
    const observer: SandboxCellObserver = {
      pending: () => s.pending++,
      fulfilled: (v) => s.views.push(v),
      rejected: (e) => s.errors.push(e),
      spec: (spec) => s.specs.push(spec),
    };
    client.define(id, cell, names, observer);
  };
  const last = (id: string) => seen.get(id)!.views.at(-1);
  return { client, define, seen, last };
}

const SPEC = { endpoint: 'local', models: ['m'], tasks: ['one', 'two'], prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 2 };

describe('the sandbox protocol, in process', () => {
  it('computes cells from their sources and reports views, errors with their line, and specs', async () => {
    const { client, define, seen, last } = sandbox();
    define('a', { kind: 'input', name: 'reps', value: 3 });
    define('b', { kind: 'query', name: 'doubled', source: 'reps * 2' });
    define('c', { kind: 'query', name: 'broken', source: 'const x = 1;\nreturn x.nope.deeper' });
    define('d', { kind: 'experiment', name: 'ratings', source: JSON.stringify(SPEC) });
    define('e', { kind: 'query', name: 'n', source: 'ratings.numRows()' });
    await client.settled();
    expect(last('b')).toEqual({ kind: 'json', text: '6' });
    expect(seen.get('c')!.errors.at(-1)).toMatchObject({ kind: 'runtime', line: 2 });
    expect(seen.get('d')!.specs.at(-1)).toMatchObject({ endpoint: 'local', models: ['m'], repetitions: 2 });
    expect(last('d')).toMatchObject({ kind: 'table', numRows: 0 });
    expect(last('e')).toEqual({ kind: 'json', text: '0' });
    expect(await client.inspect('doubled')).toBe(6);
  });

  it('answers a settle for some cells once they and the cells they read have settled, whatever else still runs', async () => {
    const { client, define, seen } = sandbox();
    define('r', { kind: 'input', name: 'reps', value: 2 });
    define('d', { kind: 'experiment', name: 'ratings', source: JSON.stringify({ ...SPEC, repetitions: '__reps__' }).replace('"__reps__"', 'reps') });
    // An analysis that never finishes: a settle of every cell would wait for ever.
    define('slow', { kind: 'query', name: 'slow', source: 'await new Promise(() => {}); return ratings' });
    let all = false;
    void client.settled().then(() => (all = true));
    await client.settled(['d']);
    expect(seen.get('d')!.specs.at(-1)).toMatchObject({ repetitions: 2 });
    define('r', { kind: 'input', name: 'reps', value: 3 });
    await client.settled(['d']);
    expect(seen.get('d')!.specs.at(-1)).toMatchObject({ repetitions: 3 });
    expect(all).toBe(false);
  });

  it('appends trials in batches and replaces them; the experiment and its readers recompute', async () => {
    const { client, define, last } = sandbox();
    define('d', { kind: 'experiment', name: 'ratings', source: JSON.stringify(SPEC) });
    define('e', { kind: 'query', name: 'n', source: 'ratings.numRows()' });
    await client.settled();
    const plan = expandPlan(validateSpec(SPEC), endpointIdentity('local', {}));
    const trials = plan.map((p) => makeTrial({ key: p.key, model: p.model, taskId: p.taskId, repetition: p.repetition }));
    client.queueTrials('d', trials.slice(0, 1));
    client.queueTrials('d', trials.slice(1, 3));
    await client.settled();
    expect(last('e')).toEqual({ kind: 'json', text: '0' });
    client.flushTrials('d');
    await client.settled();
    expect(last('e')).toEqual({ kind: 'json', text: '3' });
    client.queueTrials('d', trials.slice(3));
    client.flushTrials('d');
    await client.settled();
    expect(last('e')).toEqual({ kind: 'json', text: String(plan.length) });
    expect(((await client.inspect('ratings')) as { key: string }[]).map((r) => r.key)).toEqual(plan.map((p) => p.key));
    client.replaceTrials('d', []);
    await client.settled();
    expect(last('e')).toEqual({ kind: 'json', text: '0' });
  });

  it('keeps only the newest result of a cell redefined while it computes', async () => {
    const { client, define, seen } = sandbox();
    define('s', { kind: 'query', name: 'slow', source: "await new Promise((r) => setTimeout(r, 50)); return 'old'" });
    await new Promise((r) => setTimeout(r, 10));
    define('s', { kind: 'query', name: 'slow', source: "'new'" });
    await client.settled();
    await new Promise((r) => setTimeout(r, 80));
    expect(seen.get('s')!.views).toEqual([{ kind: 'json', text: '"new"' }]);
  });

  it("asks the page for the study's data and gets its answer or its error", async () => {
    const asked: SandboxAsk[] = [];
    const { client, define, seen, last } = sandbox(async (ask) => {
      asked.push(ask);
      if (ask.baseUrl) throw new Error('only the authors’ repository');
      return { tasks: [{ id: 't1' }], pairs: [], source: 'here' };
    });
    define('p', { kind: 'query', name: 'paper', source: '(await study.loadPaperData()).tasks.length' });
    define('q', { kind: 'query', name: 'elsewhere', source: "await study.loadPaperData({ baseUrl: 'http://evil.test' })" });
    await client.settled();
    expect(last('p')).toEqual({ kind: 'json', text: '1' });
    expect(seen.get('q')!.errors.at(-1)?.message).toBe('only the authors’ repository');
    expect(asked).toEqual([{ method: 'loadPaperData' }, { method: 'loadPaperData', baseUrl: 'http://evil.test' }]);
  });
});
