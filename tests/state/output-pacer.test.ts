import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputPacer } from '../../src/state/output-pacer';
import type { SandboxCellObserver } from '../../src/state/sandbox-client';
import type { ValueView } from '../../src/sandbox/protocol';

/**
 * The page's side of a live run's outputs (issue 16): while a run goes, each cell's output is
 * applied at most once per interval (latest wins), offscreen cells wait until seen, and the end of
 * the run applies exactly the last word of every cell.
 */
const view = (n: number): ValueView => ({ kind: 'json', text: String(n) }) as ValueView;

function recorder() {
  const heard: string[] = [];
  const observer: SandboxCellObserver = {
    pending: () => heard.push('pending'),
    running: () => heard.push('running'),
    fulfilled: (v) => heard.push(`value ${(v as { text: string }).text}`),
    rejected: (e) => heard.push(`error ${e.message}`),
    spec: (s) => heard.push(`spec ${s === null ? 'null' : 'set'}`),
  };
  return { heard, observer };
}

/** What the sandbox says for one live recompute of a cell: pending, running, then its value. */
function recompute(o: SandboxCellObserver, n: number) {
  o.pending();
  o.running?.();
  o.fulfilled(view(n));
}

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('OutputPacer', () => {
  it('passes every word through at once when no run is live', () => {
    const pacer = new OutputPacer(1000);
    const { heard, observer } = recorder();
    const o = pacer.wrap('a', observer);
    recompute(o, 1);
    expect(heard).toEqual(['pending', 'running', 'value 1']);
  });

  it('applies at most one output per cell per interval during a run, the latest, and the exact last one at its end', () => {
    const pacer = new OutputPacer(1000);
    const { heard, observer } = recorder();
    const o = pacer.wrap('chart', observer);
    pacer.setPacing(true);
    // 50 live updates, one every 100 ms over 5 s (what the sandbox sends as trial batches arrive).
    for (let i = 1; i <= 50; i++) {
      recompute(o, i);
      vi.advanceTimersByTime(100);
    }
    const values = heard.filter((h) => h.startsWith('value'));
    expect(values.length).toBeGreaterThan(1); // still live
    expect(values.length).toBeLessThanOrEqual(6); // 5 s at most one a second (+1 for the edges)
    // Between two values the chart never flickered to "running": each recompute's pending was superseded.
    expect(heard.filter((h) => h === 'pending' || h === 'running')).toEqual([]);
    pacer.setPacing(false);
    expect(heard.at(-1)).toBe('value 50');
    recompute(o, 51);
    expect(heard.slice(-3)).toEqual(['pending', 'running', 'value 51']);
  });

  it('lets a cell that has computed a whole interval without a value say so', () => {
    const pacer = new OutputPacer(1000);
    const { heard, observer } = recorder();
    const o = pacer.wrap('slow', observer);
    pacer.setPacing(true);
    o.fulfilled(view(1));
    vi.advanceTimersByTime(1000);
    expect(heard).toEqual(['value 1']);
    o.pending();
    o.running?.();
    vi.advanceTimersByTime(999);
    expect(heard).toEqual(['value 1']);
    vi.advanceTimersByTime(1001);
    expect(heard).toEqual(['value 1', 'running']);
  });

  it('holds an offscreen cell until it comes into view, or until the run ends', () => {
    const pacer = new OutputPacer(1000);
    const a = recorder();
    const b = recorder();
    const oa = pacer.wrap('a', a.observer);
    const ob = pacer.wrap('b', b.observer);
    pacer.setVisible('a', false);
    pacer.setVisible('b', false);
    pacer.setPacing(true);
    for (let i = 1; i <= 20; i++) {
      recompute(oa, i);
      recompute(ob, i);
      vi.advanceTimersByTime(250);
    }
    expect(a.heard).toEqual([]);
    expect(b.heard).toEqual([]);
    pacer.setVisible('a', true);
    expect(a.heard).toEqual(['value 20']);
    pacer.setPacing(false);
    expect(b.heard).toEqual(['value 20']);
    expect(a.heard).toEqual(['value 20']);
  });

  it('lets errors and designs through at once, dropping the value held before the error', () => {
    const pacer = new OutputPacer(1000);
    const { heard, observer } = recorder();
    const o = pacer.wrap('design', observer);
    pacer.setPacing(true);
    o.fulfilled(view(1));
    vi.advanceTimersByTime(1000);
    o.fulfilled(view(2));
    o.spec(null);
    o.rejected({ message: 'bad' });
    expect(heard).toEqual(['value 1', 'spec null', 'error bad']);
    vi.advanceTimersByTime(5000);
    pacer.setPacing(false);
    expect(heard).toEqual(['value 1', 'spec null', 'error bad']);
  });
});
