import type { PlannedTrial, ProviderError, Trial, TrialId } from '../model';
import { stableHash } from '../experiments/stable-hash';
import { withoutEndpoint } from '../experiments/endpoint-key';
import type { BatchResults } from './parse-batch-results';
import { answeredTrial, failedTrial, readPlannedReply, type RunContext } from './trial-outcome';
import { sameRequest } from './group-calls';
import { splitChoices } from './split-choices';

/** Trials made from batch results, and what could not become one. */
export interface BatchTrials {
  readonly trials: Trial[];
  /** Results for keys that already have an outcome, or failures for keys that already failed: not imported again. */
  readonly skipped: number;
  /** custom_ids that are not in the cell's plan (the design changed since the plan was exported). */
  readonly unknown: readonly string[];
}

/**
 * The id of an imported trial, derived from where it belongs and its plan key: importing the
 * same results twice writes the same rows again instead of adding new ones.
 */
export function batchTrialId(context: Pick<RunContext, 'notebookId' | 'cellId'>, key: string): TrialId {
  const text = `${context.notebookId}\n${context.cellId}\n${key}`;
  return `tb_${stableHash(text)}${stableHash([...text].reverse().join(''))}` as TrialId;
}

/**
 * Turns batch results into trials with the live runner's trial builder and parser. Keys in
 * `known.completed` (already answered) are skipped, and so are failures of keys that already
 * failed, so an import happens exactly once per key; a failed line becomes a failed trial that
 * a live run or a new batch retries. A line that asked for `n` responses (custom_id = its first
 * trial's key) gives its k-th choice to the k-th trial of the same request from that one on;
 * trials it did not answer stay pending.
 */
export function batchTrials(plan: readonly PlannedTrial[], results: BatchResults, context: RunContext, known: { readonly completed: ReadonlySet<string>; readonly failed?: ReadonlySet<string> }, at: number): BatchTrials {
  const byKey = new Map(plan.map((p) => [p.key, p]));
  const siblings = new Map<string, PlannedTrial[]>();
  for (const p of plan) siblings.set(sameRequest(p), [...(siblings.get(sameRequest(p)) ?? []), p]);
  // A batch submitted before keys named their endpoint has custom_ids without it.
  const legacy = new Map(plan.map((p) => [withoutEndpoint(p.key), p]));
  const trials: Trial[] = [];
  const unknown: string[] = [];
  let skipped = 0;
  for (const [customId, line] of results.byKey) {
    const planned = byKey.get(customId) ?? legacy.get(customId);
    if (!planned) {
      unknown.push(customId);
      continue;
    }
    const group = (siblings.get(sameRequest(planned)) ?? [planned]).filter((p) => p.repetition >= planned.repetition).sort((a, b) => a.repetition - b.repetition);
    const answers = line.kind === 'answered' ? splitChoices(line.result, Math.max(1, planned.params.n ?? 1)) : [null];
    answers.forEach((result, i) => {
      const target = group[i];
      if (!target) return;
      if (known.completed.has(target.key) || (!result && known.failed?.has(target.key))) {
        skipped++;
        return;
      }
      const timing = { id: batchTrialId(context, target.key), startedAt: at, endedAt: at };
      trials.push(result ? { ...answeredTrial(target, context, result, readPlannedReply, timing), latencyMs: null } : failedTrial(target, context, (line as { error: ProviderError }).error, { ...timing, latencyMs: null }));
    });
  }
  return { trials, skipped, unknown };
}
