import type { CellId, NotebookId, RunProgress, RunStatus } from '../model';

/** What a tab running an experiment tells the other tabs. */
export interface RunMessage {
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  readonly status: RunStatus;
  readonly progress: RunProgress;
  readonly message: string | null;
}

const CHANNEL = 'motivelab-runs';

/**
 * Runs `fn` holding the Web Lock `name` if no other tab holds it; returns 'busy' otherwise. So
 * the same experiment never runs in two tabs at once. Without Web Locks (old browsers, tests)
 * `fn` just runs.
 */
export async function withRunLock<T>(name: string, fn: () => Promise<T>): Promise<T | 'busy'> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return fn();
  return locks.request(name, { ifAvailable: true }, async (lock) => (lock ? fn() : ('busy' as const)));
}

/** The cross-tab channel on which runs report progress (a no-op where BroadcastChannel is missing). */
export function runChannel(onMessage: (message: RunMessage) => void): { post(message: RunMessage): void; close(): void } {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<RunMessage>) => onMessage(event.data);
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}
