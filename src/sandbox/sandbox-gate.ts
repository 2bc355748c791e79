import type { FromSandbox, ToSandbox } from './protocol';
import { checkFromSandbox } from './protocol-check';
import { checkTrialsMessage } from './trials-check';

/**
 * What the relay frame lets through from the cell frame to the page. It sees the page's messages
 * on their way in, so it knows which cells exist (and which are experiments) and which requests
 * are open; a message from the cells' side must have a protocol shape (`checkFromSandbox`) and
 * fit that state: a cell the page defined, a design only for an experiment cell, an answer only
 * to an open request and only once. A malformed message about a known cell becomes that cell's
 * error, which stays until the cell computes again (a later value must not hide it); anything
 * else is dropped. The relay frame and the page (SandboxClient) each run one.
 */
export class SandboxGate {
  readonly #kinds = new Map<string, string>();
  readonly #openRequests = new Set<number>();
  /** Cells whose last message was malformed: their error shows until they compute again. */
  readonly #refused = new Set<string>();

  /**
   * A message on its way in from the page's port, checked: trials must have the columnar shape
   * (checked per column, never per trial; see checkTrialsMessage), and come back with the buffers
   * to move on; anything malformed is refused (null). Other messages are noted and passed on.
   */
  admit(value: unknown): { message: ToSandbox; transfer: ArrayBuffer[] } | null {
    const type = (value as { type?: unknown } | null)?.type;
    if (type === 'trials') {
      const checked = checkTrialsMessage(value);
      return checked.ok ? { message: checked.message, transfer: checked.transfer } : null;
    }
    if (typeof type !== 'string') return null;
    this.toCells(value as ToSandbox);
    return { message: value as ToSandbox, transfer: [] };
  }

  /** Notes a page → sandbox message on its way in. */
  toCells(m: ToSandbox): void {
    switch (m.type) {
      case 'define':
        this.#kinds.set(m.id, m.cell.kind);
        this.#refused.delete(m.id);
        return;
      case 'delete':
        this.#kinds.delete(m.id);
        this.#refused.delete(m.id);
        return;
      case 'settle':
      case 'inspect':
        this.#openRequests.add(m.requestId);
        return;
      default:
        return;
    }
  }

  /** The message to pass to the page for one from the cell frame, or null to drop it. */
  fromCells(value: unknown): FromSandbox | null {
    const checked = checkFromSandbox(value);
    if (!checked.ok) {
      if (checked.id === undefined || !this.#kinds.has(checked.id)) return null;
      this.#refused.add(checked.id);
      return { type: 'rejected', id: checked.id, error: { message: checked.problem } };
    }
    const m = checked.message;
    if ('id' in m && this.#refused.has(m.id)) {
      if (m.type !== 'pending') return null;
      this.#refused.delete(m.id);
    }
    switch (m.type) {
      case 'settled':
      case 'inspected':
        // An answer the page did not ask for, or a second one, is not the engine's.
        return this.#openRequests.delete(m.requestId) ? m : null;
      case 'ask':
      case 'pong':
        return m;
      case 'spec':
        return this.#kinds.get(m.id) === 'experiment' ? m : null;
      default:
        return this.#kinds.has(m.id) ? m : null;
    }
  }
}
