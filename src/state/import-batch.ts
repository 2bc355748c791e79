import type { CellId, ModelPrices, NotebookId, PlannedTrial, RunId, Store, Trial } from '../model';
import { localDay } from '../model/local-day';
import { parseBatchResults } from '../runner/parse-batch-results';
import { batchTrials } from '../runner/batch-trials';
import { trialsCostUsd } from './spend-limit';

/** What an import wrote and what it left out. */
export interface BatchImport {
  readonly trials: readonly Trial[];
  /** Results for plan keys that already had an outcome (e.g. the same file imported again). */
  readonly skipped: number;
  /** Results whose custom_id is not in the cell's current plan. */
  readonly unknown: number;
  /** Lines that could not be read. */
  readonly problems: readonly string[];
  /** A sentence for the user. */
  readonly message: string;
  /** US$ the imported answers added to the endpoint's spend of the day (0 when nothing was counted). */
  readonly spentUsd: number;
}

/**
 * Imports Batch API results (output and error files, or one results file from any runner that
 * writes the same format) into the cell's trials, exactly once per plan key: keys that already
 * have an outcome are skipped, and each trial's id derives from its key, so a repeated import
 * writes nothing new. Failed lines become failed trials, to retry live or in a new batch.
 */
export async function importBatchResults(options: {
  readonly store: Store;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  readonly runId: RunId;
  readonly endpointName: string;
  /** Normalised base URL of the endpoint that answered (the plan was expanded for it). */
  readonly baseURL: string;
  readonly plan: readonly PlannedTrial[];
  readonly texts: readonly (string | null)[];
  readonly now?: number;
  /**
   * Counts the imported answers in the endpoint's spend of the day, at `prices` times `factor`
   * (the Batch API's discount), so a day's spend limit sees what batches cost. Absent: nothing is
   * counted (a results file from a runner elsewhere, e.g. a local vLLM job, cost this key nothing).
   */
  readonly spend?: { readonly prices: ModelPrices; readonly factor: number };
}): Promise<BatchImport> {
  const { store, notebookId, cellId } = options;
  const results = parseBatchResults(...options.texts);
  const completed = new Set<string>();
  const failed = new Set<string>();
  for (const t of await store.trialsForAnalysis(notebookId, cellId)) (t.status === 'failed' ? failed : completed).add(t.key);
  const now = options.now ?? Date.now();
  const made = batchTrials(options.plan, results, { runId: options.runId, notebookId, cellId, endpointName: options.endpointName, baseURL: options.baseURL }, { completed, failed }, now);
  if (made.trials.length) await store.putTrials(made.trials);
  const spentUsd = options.spend ? trialsCostUsd(made.trials, options.spend.prices) * options.spend.factor : 0;
  if (spentUsd > 0) await store.addDaySpend(options.endpointName, localDay(now), spentUsd);
  const failures = made.trials.filter((t) => t.status === 'failed').length;
  const parts = [`Imported ${made.trials.length} results (${made.trials.length - failures} answered, ${failures} failed)`];
  if (made.skipped) parts.push(`${made.skipped} already had results (or had failed before) and were left as they are`);
  if (made.unknown.length) parts.push(`${made.unknown.length} are not in this cell's plan (was the design changed?) and were not imported`);
  if (results.problems.length) parts.push(`${results.problems.length} lines could not be read (${results.problems[0]})`);
  return { trials: made.trials, spentUsd, skipped: made.skipped, unknown: made.unknown.length, problems: results.problems, message: `${parts.join('; ')}.` };
}
