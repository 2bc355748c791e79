import { nextTask } from '../model';

/** One send waiting in the outbox; `cell` names the cell whose trials it carries (to drop them). */
interface Send {
  readonly send: () => void;
  /** Another task first: what came before it in this batch may have been a long task's worth. */
  readonly afterYield: boolean;
  readonly cell?: string;
}

/**
 * The page's messages to the sandbox, in the order they were posted, where some wait for the
 * next task. A cell's trials go in slices, one task each (a slice is packed into columns when
 * it leaves, so the packing is spread too): packing every experiment's trials at once was the
 * page's longest task at opening, growing with the study's size. Whatever is posted while
 * slices wait goes after them, so the sandbox sees the same messages in the same order as when
 * they all left at once (a `settle` after `replaceTrials` still answers once every trial is in).
 */
export class SandboxOutbox {
  readonly #waiting: Send[] = [];
  #draining = false;
  #disposed = false;

  /** Sends now if nothing waits (nor should wait), else after what waits. */
  post(send: () => void, options: { afterYield?: boolean; cell?: string } = {}): void {
    if (this.#disposed) return;
    if (!this.#draining && this.#waiting.length === 0 && !options.afterYield) return send();
    this.#waiting.push({ send, afterYield: options.afterYield ?? false, cell: options.cell });
    if (!this.#draining) void this.#drain();
  }

  /** Drops the cell's trials still waiting (they are replaced or the cell is gone). */
  dropTrials(cell: string): void {
    for (let i = this.#waiting.length - 1; i >= 0; i--) if (this.#waiting[i].cell === cell) this.#waiting.splice(i, 1);
  }

  /** True while something waits to be sent. */
  get busy(): boolean {
    return this.#draining || this.#waiting.length > 0;
  }

  dispose(): void {
    this.#disposed = true;
    this.#waiting.length = 0;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#waiting.length && !this.#disposed) {
        if (this.#waiting[0].afterYield) await nextTask();
        // Dropped or disposed meanwhile: look again.
        const next = this.#waiting.shift();
        if (!next || this.#disposed) continue;
        sendOrReport(next.send);
        // Sends that need no task of their own go with it.
        while (this.#waiting.length && !this.#waiting[0].afterYield) sendOrReport(this.#waiting.shift()!.send);
      }
    } finally {
      this.#draining = false;
    }
  }
}

/** A send that throws (a message the gate refuses) is reported in a task of its own, as it was when it threw to its caller, and the rest still go. */
function sendOrReport(send: () => void): void {
  try {
    send();
  } catch (error) {
    setTimeout(() => {
      throw error;
    });
  }
}
