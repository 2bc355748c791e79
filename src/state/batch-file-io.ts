import type { CellId, EndpointIdentity, ExperimentSpec, NotebookId, Store } from '../model';
import { newRunId } from '../model';
import { expandPlan } from '../experiments/expand-plan';
import { planToJsonl } from '../runner/plan-to-jsonl';
import { uniqueKeys } from '../runner/unique-keys';
import { importBatchResults, type BatchImport } from './import-batch';

/** Where a results file or plan export belongs: the notebook's cell and its current design. */
export interface BatchFileTarget {
  readonly store: Store;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  readonly spec: ExperimentSpec;
  /** The endpoint the design's name means in this browser: the plan's keys name it. */
  readonly identity: EndpointIdentity;
}

/** Imports a results file (Batch API output format, from any runner) into the cell as one recorded run. */
export async function importResultsFile(target: BatchFileTarget, text: string): Promise<BatchImport> {
  const { store, notebookId, cellId, spec, identity } = target;
  const runId = newRunId();
  const result = await importBatchResults({ store, notebookId, cellId, runId, endpointName: spec.endpoint, baseURL: identity.baseURL, plan: expandPlan(spec, identity), texts: [text] });
  const failed = result.trials.filter((t) => t.status === 'failed').length;
  const now = Date.now();
  await store.putRun({ id: runId, notebookId, cellId, status: 'done', planned: result.trials.length, done: result.trials.length - failed, failed, startedAt: now, endedAt: now, endpointName: spec.endpoint, baseURL: '', models: [...spec.models], message: `Results file: ${result.message}` });
  return result;
}

/** The cell's unanswered plan as Batch API input JSONL, for a runner elsewhere (e.g. vLLM's batch job). */
export async function exportUnansweredPlan(target: BatchFileTarget, name: string): Promise<{ filename: string; text: string; requests: number }> {
  const completed = await target.store.completedKeys(target.notebookId, target.cellId);
  const lines = planToJsonl(uniqueKeys(expandPlan(target.spec, target.identity)).filter((p) => !completed.has(p.key)));
  return { filename: `${name}-plan.jsonl`, text: lines.length ? `${lines.join('\n')}\n` : '', requests: lines.length };
}
