import type { NotebookId } from '../model';

/**
 * Runs `fn` holding the notebook's batch lock (Web Locks; waits its turn), so submitting and
 * importing a notebook's batches happen in one tab at a time: a follow-up batch is never paid
 * twice because two tabs, or two imports, decided to send it. Without Web Locks `fn` just runs;
 * BatchState still serialises its own work within the tab.
 */
export async function withBatchLock<T>(notebookId: NotebookId, fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return fn();
  return locks.request(`motivelab-batches:${notebookId}`, fn);
}

/** What a tab tells the others when it stored a batch or imported one. */
interface BatchMessage {
  readonly notebookId: NotebookId;
}

/**
 * The cross-tab channel on which batch changes are announced, so every tab of the notebook shows
 * the batches and trials another tab submitted or imported (a no-op without BroadcastChannel).
 */
export function batchChannel(notebookId: NotebookId, onChange: () => void): { announce(): void; close(): void } {
  if (typeof BroadcastChannel === 'undefined') return { announce: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel('motivelab-batches');
  channel.onmessage = (event: MessageEvent<BatchMessage>) => {
    if (event.data?.notebookId === notebookId) onChange();
  };
  return { announce: () => channel.postMessage({ notebookId } satisfies BatchMessage), close: () => channel.close() };
}
