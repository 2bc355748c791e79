// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as study from '../../src/study';
import { asNotebookId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import type { NotebookState } from '../../src/state/notebook-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { checkRecovery, type StudyValues } from './check-recovery';
import { provenanceOf } from '../../src/format/provenance-of';
import { figurePicks } from '../../src/state/figure-pick';

const text = readFileSync(resolve(__dirname, '../../cells/motivation-in-llms.md'), 'utf8');

// jsdom has no canvas; Plot draws continuous colour legends on one. A context that ignores drawing is enough here (the e2e test draws for real).
HTMLCanvasElement.prototype.getContext = function () {
  return new Proxy({}, { get: () => () => undefined, set: () => true });
} as unknown as HTMLCanvasElement['getContext'];
HTMLCanvasElement.prototype.toDataURL = () => 'data:image/png;base64,';

/** Every named cell's value as plain data, as the sandbox gives it (tables as rows). */
async function values(nb: NotebookState): Promise<StudyValues> {
  const byName = new Map<string, unknown>();
  for (const cell of nb.notebook.cells) {
    if (!('name' in cell)) continue;
    const c = await nb.cellByName(cell.name);
    if (c?.status !== 'fulfilled') throw new Error(`${cell.name} is ${c?.status}: ${c?.error}`);
    byName.set(cell.name, c.value);
  }
  return (name: string) => {
    if (!byName.has(name)) throw new Error(`no cell ${name}`);
    return byName.get(name);
  };
}

describe('the study notebook on the simulated participant', () => {
  it('runs every experiment with "run all", draws every figure, and recovers the planted parameters', async () => {
    const shipped: Notebook[] = [parseNotebook(text, { id: asNotebookId('motivation-in-llms'), origin: 'shipped' })];
    const app = new AppState({
      store: createDexieStore({ name: 'study', indexedDB: new IDBFactory(), IDBKeyRange }),
      providerFactory: () => createSimulatedProvider(),
      shipped,
      sandbox: createInProcessSandbox,
      answer: () => Promise.reject(new Error('no network in unit tests')),
    });
    await app.load();
    const nb = (await app.open(asNotebookId('motivation-in-llms')))!;
    await nb.settled();
    await nb.runAll();
    expect(nb.runAllStatus).toMatchObject({ running: false, current: null, skipped: [], finished: 7 });

    const problems = nb.notebook.cells
      .filter((c) => c.kind !== 'markdown' && nb.cellState(c.id).status !== 'fulfilled')
      .map((c) => `${'name' in c ? c.name : c.id}: ${nb.cellState(c.id).status} ${nb.cellState(c.id).error?.message ?? ''}`);
    expect(problems).toEqual([]);
    // The human comparison waits for pasted ratings, and says so in a note.
    const human = nb.notebook.cells.find((c) => 'name' in c && c.name === 'figHuman')!;
    expect(nb.cellState(human.id).value).toEqual({ kind: 'note', text: expect.stringMatching(/^no human ratings yet/) });
    for (const cell of nb.notebook.cells.filter((c) => c.kind === 'plot').filter((c) => c !== human)) {
      const view = nb.cellState(cell.id).value;
      expect(view?.kind, cell.name).toBe('dom');
      expect(view?.kind === 'dom' && view.html, cell.name).toMatch(/<svg/);
    }
    for (const cell of nb.notebook.cells.filter((c) => c.kind === 'experiment')) expect(nb.runs.get(cell.id)?.status, cell.name).toBe('done');

    // Every run's provenance names the protocol it followed, and the study's two responses per request.
    const runs = provenanceOf(await nb.runHistory()).runs;
    expect(runs).toHaveLength(7);
    expect(runs.every((r) => r.protocol === 'Paper (verbatim)')).toBe(true);
    const cellOf = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id;
    expect(runs.find((r) => r.cellId === cellOf('pre'))).toMatchObject({ responsesPerCall: 2, sampling: { temperature: null, seed: null, maxTokens: 100 } });
    expect(runs.find((r) => r.cellId === cellOf('execution'))).toMatchObject({ responsesPerCall: 1, sampling: { maxTokens: 1000 } });

    const value = await values(nb);
    // The comparison with the paper says which wording its numbers came from.
    expect((value('comparison') as Record<string, unknown>[])[0]).toMatchObject({ result: 'Protocol (prompt wording)', ours: 'Paper (verbatim)' });
    checkRecovery(value, study.DEFAULT_SIM_PARAMS);

    // Figure 1 points at its sub-tasks (one tip each, with its taskId); a click on one (figurePicks
    // on the page) sets pickedTask, and pickedReplies shows that sub-task's pre-task replies.
    const fig1 = nb.cellState(cellOf('figCategories')).value;
    const tips = fig1?.kind === 'dom' ? (fig1.tips ?? []) : [];
    expect(tips.length).toBeGreaterThan(10);
    const picked = figurePicks(nb.notebook.cells, 'figCategories', tips[3]);
    expect(picked).toHaveLength(1);
    await nb.setInput(picked[0].id, picked[0].value);
    await nb.settled();
    const replies = (await values(nb))('pickedReplies') as { task: string; value: number | null }[];
    const preRows = (value('pre') as { taskId: string }[]).filter((r) => r.taskId === picked[0].value);
    expect(replies.length).toBe(preRows.length);
    expect(replies.length).toBeGreaterThan(0);
    app.close();
  }, 300_000);
});
