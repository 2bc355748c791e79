import type { SlimTrial } from '../model';

/** A cell's trials split by its plan: those of the plan (the latest outcome per key, in plan order) and the others. */
export interface SplitTrials {
  readonly current: readonly SlimTrial[];
  readonly others: readonly SlimTrial[];
}

interface Memo {
  readonly keys: readonly string[];
  readonly order: Map<string, number>;
  /** The best trial per plan index so far. */
  readonly slots: (SlimTrial | undefined)[];
  readonly others: SlimTrial[];
  seen: readonly SlimTrial[];
  result: SplitTrials;
}

/**
 * Splits a cell's trials by its plan as `currentTrials` does, remembering the last split: when
 * the trials only grew at the end (a live run appends each stored batch), only the new ones are
 * looked at. So a live update of a run of n trials costs the batch, not n plus the plan's keys
 * hashed again (at 10,000 trials and a few updates a second, that was the page's largest task).
 */
export class TrialSplitter {
  #memo: Memo | null = null;

  split(all: readonly SlimTrial[], keys: readonly string[]): SplitTrials {
    let memo = this.#memo;
    // The same list and plan: every figure's facts and the panel ask on each read, and checking the
    // prefix trial by trial cost each ask the whole list (143,550 trials an experiment at full scale).
    if (memo && memo.keys === keys && memo.seen === all) return memo.result;
    if (!memo || memo.keys !== keys || !startsWith(all, memo.seen)) {
      memo = { keys, order: new Map(keys.map((key, i) => [key, i])), slots: new Array<SlimTrial | undefined>(keys.length), others: [], seen: [], result: { current: [], others: [] } };
      this.#memo = memo;
    } else if (all.length === memo.seen.length) {
      memo.seen = all;
      return memo.result;
    }
    for (let i = memo.seen.length; i < all.length; i++) {
      const t = all[i];
      const at = memo.order.get(t.key);
      if (at === undefined) {
        memo.others.push(t);
        continue;
      }
      const prev = memo.slots[at];
      if (!prev || rank(t) > rank(prev) || (rank(t) === rank(prev) && t.endedAt >= prev.endedAt)) memo.slots[at] = t;
    }
    memo.seen = all;
    memo.result = { current: memo.slots.filter((t): t is SlimTrial => t !== undefined), others: [...memo.others] };
    return memo.result;
  }
}

/** True when `all` begins with exactly the trials of `prefix` (the same objects, in order). */
function startsWith(all: readonly SlimTrial[], prefix: readonly SlimTrial[]): boolean {
  if (all.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (all[i] !== prefix[i]) return false;
  return true;
}

function rank(t: SlimTrial): number {
  return t.status === 'failed' ? 0 : 1;
}
