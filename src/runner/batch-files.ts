import type { PlannedTrial, TokenParam } from '../model';
import { planToJsonl } from './plan-to-jsonl';
import { OPENAI_BATCH_LIMITS, splitBatches, type BatchLimits } from './split-batches';

/** One Batch API input file: its JSONL lines and the plan keys they ask for, in the same order. */
export interface BatchFile {
  readonly lines: readonly string[];
  readonly keys: readonly string[];
}

/**
 * A plan as Batch API input files within the provider's limits; with `oneModelPerFile`, each
 * file asks a single model (some OpenAI-compatible providers refuse files that mix models).
 */
export function batchFiles(plan: readonly PlannedTrial[], options: { tokenParam?: TokenParam; oneModelPerFile?: boolean; limits?: BatchLimits } = {}): BatchFile[] {
  const byModel = new Map<string, PlannedTrial[]>();
  for (const p of plan) {
    const group = byModel.get(p.model);
    if (group) group.push(p);
    else byModel.set(p.model, [p]);
  }
  const groups = options.oneModelPerFile ? [...byModel.values()] : [plan];
  return groups.flatMap((group) => {
    let offset = 0;
    return splitBatches(planToJsonl(group, options.tokenParam), options.limits ?? OPENAI_BATCH_LIMITS).map((lines) => ({ lines, keys: group.slice(offset, (offset += lines.length)).map((p) => p.key) }));
  });
}
