import type { BatchRecord, Run } from '../model';

/**
 * A batch-submitted run once all of its batches are imported: cancelled or failed when every
 * batch was, else done; counts summed over the batches, which the message names with their ends.
 */
export function closedBatchRun(run: Run, batches: readonly BatchRecord[], endedAt: number): Run {
  const status = batches.every((b) => b.status === 'cancelled') ? 'cancelled' : batches.every((b) => b.status === 'failed') ? 'failed' : 'done';
  const sum = (f: (b: BatchRecord) => number) => batches.reduce((s, b) => s + f(b), 0);
  return { ...run, status, endedAt, done: sum((b) => b.completed), failed: sum((b) => b.failed), message: batches.map((b) => `${b.id}: ${b.status}`).join(', ') };
}
