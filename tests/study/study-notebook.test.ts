// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as aq from 'arquero';
import * as Plot from '@observablehq/plot';
import * as stats from '../../src/analysis';
import * as study from '../../src/study';
import { asNotebookId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import type { NotebookState } from '../../src/state/notebook-state.svelte';
import { checkRecovery, type StudyValues } from './check-recovery';

const text = readFileSync(resolve(__dirname, '../../cells/motivation-in-llms.md'), 'utf8');

// jsdom has no canvas; Plot draws continuous colour legends on one. A context that ignores drawing is enough here (the e2e test draws for real).
HTMLCanvasElement.prototype.getContext = function () {
  return new Proxy({}, { get: () => () => undefined, set: () => true });
} as unknown as HTMLCanvasElement['getContext'];
HTMLCanvasElement.prototype.toDataURL = () => 'data:image/png;base64,';

function values(nb: NotebookState): StudyValues {
  return (name: string) => {
    const cell = nb.notebook.cells.find((c) => 'name' in c && c.name === name);
    if (!cell) throw new Error(`no cell ${name}`);
    const s = nb.cellState(cell.id);
    if (s.status !== 'fulfilled') throw new Error(`${name} is ${s.status}: ${s.error?.message}`);
    const v = s.value as { objects?: () => unknown[] };
    return typeof v?.objects === 'function' ? v.objects() : v;
  };
}

describe('the study notebook on the simulated participant', () => {
  it('runs every experiment with "run all", draws every figure, and recovers the planted parameters', async () => {
    const shipped: Notebook[] = [parseNotebook(text, { id: asNotebookId('motivation-in-llms'), origin: 'shipped' })];
    const app = new AppState({
      store: createDexieStore({ name: 'study', indexedDB: new IDBFactory(), IDBKeyRange }),
      providerFactory: () => createSimulatedProvider(),
      shipped,
      scope: { aq, op: aq.op, Plot, stats, study },
    });
    await app.load();
    const nb = (await app.open(asNotebookId('motivation-in-llms')))!;
    await nb.settled();
    await nb.runAll();
    expect(nb.runAllStatus).toEqual({ running: false, current: null, skipped: [] });

    const problems = nb.notebook.cells
      .filter((c) => c.kind !== 'markdown' && nb.cellState(c.id).status !== 'fulfilled')
      .map((c) => `${'name' in c ? c.name : c.id}: ${nb.cellState(c.id).status} ${nb.cellState(c.id).error?.message ?? ''}`);
    expect(problems).toEqual([]);
    for (const cell of nb.notebook.cells.filter((c) => c.kind === 'plot')) {
      const node = nb.cellState(cell.id).value as Element;
      expect(node.querySelector('svg') ?? node, cell.name).toBeTruthy();
      expect(node.outerHTML, cell.name).toMatch(/<svg/);
    }
    for (const cell of nb.notebook.cells.filter((c) => c.kind === 'experiment')) expect(nb.runs.get(cell.id)?.status, cell.name).toBe('done');

    checkRecovery(values(nb), study.DEFAULT_SIM_PARAMS);
    app.close();
  }, 300_000);
});
