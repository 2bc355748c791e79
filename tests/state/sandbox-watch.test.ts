import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SandboxWatch, STOPPED_AFTER_MS } from '../../src/state/sandbox-watch.svelte';

describe('the sandbox heartbeat', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] }));
  afterEach(() => void vi.useRealTimers());

  it('pings every second and stays running while the sandbox answers', () => {
    const pings: number[] = [];
    const watch = new SandboxWatch((seq) => (pings.push(seq), watch.answered()));
    vi.advanceTimersByTime(30_000);
    expect(pings).toHaveLength(30);
    expect(pings.slice(0, 3)).toEqual([1, 2, 3]);
    expect(watch.stopped).toBe(false);
    watch.dispose();
  });

  it('counts the sandbox as stopped after 10 s without an answer, and running again when it answers', () => {
    let answering = true;
    const watch = new SandboxWatch(() => answering && watch.answered());
    vi.advanceTimersByTime(5_000);
    answering = false;
    vi.advanceTimersByTime(STOPPED_AFTER_MS);
    expect(watch.stopped).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(watch.stopped).toBe(true);
    watch.answered();
    expect(watch.stopped).toBe(false);
    watch.dispose();
  });

  it('stops pinging when disposed', () => {
    const ping = vi.fn();
    const watch = new SandboxWatch(ping);
    vi.advanceTimersByTime(2_000);
    watch.dispose();
    vi.advanceTimersByTime(10_000);
    expect(ping).toHaveBeenCalledTimes(2);
  });
});
