/**
 * Runs inside Chromium (built by scripts/bench.ts): IndexedDB write throughput through the real
 * Dexie store, and recompute time of the Quick start's query and plot cells over N trials.
 */
import * as aq from 'arquero';
import * as Plot from '@observablehq/plot';
import { createDexieStore } from '../../src/store/dexie-store';
import { parseNotebook } from '../../src/format/parse-notebook';
import { CellGraph } from '../../src/runtime/cell-graph';
import { cellDefinition } from '../../src/sandbox/cell-definition';
import { sandboxCell } from '../../src/state/sandbox-cell';
import { trialTable } from '../../src/experiments/trial-table';
import { asCellId, asNotebookId, asRunId, type Trial, type TrialId } from '../../src/model';
import quickStart from '../../cells/quick-start.md?raw';

function trials(n: number, prefix: string): Trial[] {
  const out: Trial[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `${prefix}${i}` as TrialId, runId: asRunId('run'), notebookId: asNotebookId('bench'), cellId: asCellId('c_ratings'),
      key: `m${i % 4}|t${i % 5}|none|r${i}|h`, endpointName: 'local', model: `model-${i % 4}`, taskId: `t${i % 5}`, task: `Task ${i % 5}`,
      condition: 'none', repetition: Math.floor(i / 20) + 1, messages: [{ role: 'user', content: `How motivated are you to do task ${i % 5}? Answer 1-10.` }],
      params: { temperature: 1, maxTokens: 20 }, status: 'ok', raw: String(1 + (i % 10)), value: 1 + (i % 10), parseError: null, finishReason: 'stop',
      promptTokens: 20, completionTokens: 1, latencyMs: 300, errorKind: null, errorMessage: null, httpStatus: 200, responseModel: `model-${i % 4}`,
      startedAt: i, endedAt: i + 1,
    });
  }
  return out;
}

async function persistRate(): Promise<{ bulk: number; single: number }> {
  const store = createDexieStore({ name: `bench-${Date.now()}` });
  const bulk = trials(20_000, 'b');
  let t = performance.now();
  for (let i = 0; i < bulk.length; i += 500) await store.putTrials(bulk.slice(i, i + 500));
  const bulkRate = bulk.length / ((performance.now() - t) / 1000);
  const single = trials(1_000, 's');
  t = performance.now();
  for (const trial of single) await store.putTrials([trial]);
  const singleRate = single.length / ((performance.now() - t) / 1000);
  store.close();
  return { bulk: bulkRate, single: singleRate };
}

async function recompute(n: number): Promise<number> {
  const nb = parseNotebook(quickStart, { id: asNotebookId('quick-start'), origin: 'shipped' });
  const data = trials(n, 'r');
  const graph = new CellGraph();
  const host = {
    scope: { aq, op: aq.op, Plot },
    isGlobal: (name: string) => name in globalThis && !['ratings', 'byTask'].includes(name),
    experimentValue: () => trialTable(data),
    dataValue: () => {
      throw new Error('no data cells in the benchmark');
    },
  };
  const silent = { pending() {}, fulfilled() {}, rejected(e: Error) { throw e; } };
  for (const cell of nb.cells) if (cell.kind !== 'markdown') graph.define(cell.id, cellDefinition(sandboxCell(cell), host), silent);
  await graph.settled();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    graph.invalidate('c_ratings');
    await graph.settled();
    times.push(performance.now() - t);
  }
  graph.dispose();
  return times.sort((a, b) => a - b)[2];
}

declare global {
  interface Window { benchResult?: unknown; benchError?: string }
}

(async () => {
  try {
    const rate = await persistRate();
    window.benchResult = { ...rate, recompute10k: await recompute(10_000), recompute100k: await recompute(100_000) };
  } catch (error) {
    window.benchError = String((error as Error).stack ?? error);
  }
})();
