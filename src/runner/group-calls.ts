import type { PlannedTrial } from '../model';

/**
 * The planned trials grouped into requests: trials that differ only in their repetition number
 * (same model, messages and sampling parameters, so the same request) share one call asking for
 * `params.n` responses, in repetition order; every other trial is a call of its own. Calls come
 * in the order of their first trial, so a partial run still covers every task early.
 */
export function groupCalls(plan: readonly PlannedTrial[]): PlannedTrial[][] {
  const open = new Map<string, PlannedTrial[]>();
  const calls: PlannedTrial[][] = [];
  for (const p of [...plan].sort((a, b) => a.repetition - b.repetition)) {
    const size = Math.max(1, p.params.n ?? 1);
    if (size === 1) {
      calls.push([p]);
      continue;
    }
    const same = `${sameRequest(p)}`;
    let call = open.get(same);
    if (!call || call.length >= size) {
      call = [];
      open.set(same, call);
      calls.push(call);
    }
    call.push(p);
  }
  const order = new Map(plan.map((p, i) => [p, i]));
  return calls.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}

/** What makes two planned trials the same request: the plan key without its repetition, and the parent. */
export function sameRequest(p: PlannedTrial): string {
  // Keys are `model|task|condition|rN|hash|endpoint` (older ones end at the hash).
  return `${p.key.replace(/\|r\d+\|([^|]*(?:\|e[^|]*)?)$/, '|$1')}\n${p.parentKey ?? ''}`;
}
