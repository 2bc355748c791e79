/** Resolvers waiting for their macrotask, in order; one channel serves them all. */
const waiting: (() => void)[] = [];
let channel: MessageChannel | null = null;

/**
 * Yields one macrotask, so the page can paint and handle input (between simulated replies, between
 * the slices of trials sent to the sandbox).
 * A MessageChannel is used because nested setTimeout(0) calls are clamped to 4 ms by browsers;
 * one channel for every wait in flight (a channel made and closed per simulated reply cost more than the reply).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (!channel) {
      channel = new MessageChannel();
      const port = channel.port1;
      port.onmessage = () => {
        waiting.shift()?.();
        // Closed when nothing waits, so an idle channel keeps no process alive (Node).
        if (waiting.length === 0 && channel?.port1 === port) {
          port.close();
          channel = null;
        }
      };
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
