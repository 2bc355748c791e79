import type { EndpointBaseURLs, ExperimentSpec, SlimTrial } from '../model';
import { columnBuffers, trialColumns } from '../model';
import type { CellErrorData, FromSandbox, SandboxAsk, SandboxCell, SandboxTransport, ToSandbox, ValueView } from '../sandbox/protocol';
import { SandboxGate } from '../sandbox/sandbox-gate';
import { SandboxOutbox } from './sandbox-outbox';

/**
 * Trials per message to the sandbox. Opening packed and posted every experiment's trials in one
 * task: 1.0 s at 143,805 trials, 4.0–5.4 s at the full 719,025, about 7 µs a trial (packing, and
 * the clone of its text by postMessage). A slice of this many is about 35 ms, under the 50 ms of
 * a long task, and the page takes input between slices.
 */
export const TRIALS_PER_MESSAGE = 5_000;

/** What the page hears about one cell from the sandbox. */
export interface SandboxCellObserver {
  pending(): void;
  fulfilled(view: ValueView): void;
  rejected(error: CellErrorData): void;
  /** An experiment cell's design (null when it does not have the shape of one). */
  spec(spec: ExperimentSpec | null): void;
  /** The names of other cells the cell's code reads. */
  inputs?(names: readonly string[]): void;
  /** The cell's code starts to run. */
  running?(): void;
}

/**
 * The page's side of the sandbox protocol: defines cells, sends trials (appended in batches
 * while a run goes, so a live update sends only what is new), and routes the sandbox's
 * messages to each cell's observer. Requests from the sandbox go to `answer`.
 */
export class SandboxClient {
  readonly #observers = new Map<string, SandboxCellObserver>();
  readonly #queued = new Map<string, SlimTrial[]>();
  readonly #waiting = new Map<number, (value: unknown) => void>();
  #nextRequest = 1;
  readonly #gate = new SandboxGate();
  readonly #outbox = new SandboxOutbox();
  /** Called with each heartbeat answer (see `ping`). */
  onPong: ((seq: number) => void) | null = null;

  constructor(
    readonly transport: SandboxTransport,
    readonly answer: (ask: SandboxAsk) => Promise<unknown>,
  ) {
    // Cell code shares the sandbox with its engine, so any message from there may be forged: the
    // page checks each one with the relay frame's gate (a malformed one is its cell's error).
    transport.onMessage((m) => {
      const passed = this.#gate.fromCells(m);
      if (passed) this.#receive(passed);
    });
  }

  define(id: string, cell: SandboxCell, names: readonly string[], observer: SandboxCellObserver): void {
    this.#observers.set(id, observer);
    this.#post({ type: 'define', id, cell, names });
  }

  delete(id: string): void {
    this.#observers.delete(id);
    this.#queued.delete(id);
    this.#outbox.dropTrials(id);
    this.#post({ type: 'delete', id });
  }

  /** Replaces the cell's trials in the sandbox (opening, a fresh run, another tab's run). */
  replaceTrials(id: string, trials: readonly SlimTrial[]): void {
    this.#queued.delete(id);
    // Slices of an earlier replace still waiting would be replaced anyway.
    this.#outbox.dropTrials(id);
    this.#postTrials(id, trials, true);
  }

  /** Tells the sandbox which endpoint each name means; experiment cells recompute for it. */
  setEndpoints(baseURLs: EndpointBaseURLs): void {
    this.#post({ type: 'endpoints', baseURLs });
  }

  /** Queues newly stored trials; `flushTrials` sends them. */
  queueTrials(id: string, trials: readonly SlimTrial[]): void {
    const queued = this.#queued.get(id);
    // A loop, not push(...trials): a spread of 100k+ arguments overflows the stack.
    if (queued) for (const t of trials) queued.push(t);
    else this.#queued.set(id, [...trials]);
  }

  /** Sends the queued trials of a cell; it and its readers recompute in the sandbox. */
  flushTrials(id: string): void {
    const trials = this.#queued.get(id);
    if (!trials?.length) return;
    this.#queued.delete(id);
    this.#postTrials(id, trials, false);
  }

  /** Resolves when every cell has settled in the sandbox; with `ids`, when those cells and the cells they read have. */
  async settled(ids?: readonly string[]): Promise<void> {
    await this.#request((requestId) => this.#post({ type: 'settle', requestId, ...(ids && { ids }) }));
  }

  /** A named cell's current value as plain data (tables as rows). */
  inspect(name: string): Promise<unknown> {
    return this.#request((requestId) => this.#post({ type: 'inspect', requestId, name }));
  }

  /** Asks the sandbox for a heartbeat answer (`onPong`). */
  ping(seq: number): void {
    // Not behind trials still waiting: a heartbeat says the sandbox answers, whatever the page still sends.
    this.#send({ type: 'ping', seq });
  }

  dispose(): void {
    this.#outbox.dispose();
    this.transport.dispose();
    for (const resolve of this.#waiting.values()) resolve(undefined);
    this.#waiting.clear();
  }

  /** Sent in order, after any trials still waiting (see SandboxOutbox). */
  #post(m: ToSandbox): void {
    this.#outbox.post(() => this.#send(m));
  }

  /** Through the gate (which throws on a message it refuses), then to the sandbox. */
  #send(m: ToSandbox, transfer?: Transferable[]): void {
    this.#gate.toCells(m);
    this.transport.post(m, transfer);
  }

  /**
   * Trials go as columns, their buffers moved, not copied: a message of a few dozen objects
   * whatever the number of trials, which the relay frame passes on without reading every trial.
   * Slim: only the fields of the sandbox's table; the messages stay on the page (the inspector
   * shows them), the sandbox has them in its plan. In slices of TRIALS_PER_MESSAGE, each packed
   * and sent in a task of its own; all but the last say `more`, so the sandbox recomputes the
   * cell once, with all of them.
   */
  #postTrials(id: string, trials: readonly SlimTrial[], replace: boolean): void {
    const slices = Math.max(1, Math.ceil(trials.length / TRIALS_PER_MESSAGE));
    for (let k = 0; k < slices; k++) {
      const send = () => {
        const columns = trialColumns(slices === 1 ? trials : trials.slice(k * TRIALS_PER_MESSAGE, (k + 1) * TRIALS_PER_MESSAGE));
        this.#send({ type: 'trials', id, columns, replace: replace && k === 0, ...(k < slices - 1 && { more: true }) }, columnBuffers(columns));
      };
      this.#outbox.post(send, { afterYield: k > 0, cell: id });
    }
  }

  #request(send: (requestId: number) => void): Promise<unknown> {
    const requestId = this.#nextRequest++;
    return new Promise((resolve) => {
      this.#waiting.set(requestId, resolve);
      send(requestId);
    });
  }

  #receive(m: FromSandbox): void {
    switch (m.type) {
      case 'pending':
        return this.#observers.get(m.id)?.pending();
      case 'fulfilled':
        return this.#observers.get(m.id)?.fulfilled(m.view);
      case 'rejected': {
        // A cell in error has no design: Run must not send its last good one.
        const observer = this.#observers.get(m.id);
        observer?.spec(null);
        return observer?.rejected(m.error);
      }
      case 'spec':
        return this.#observers.get(m.id)?.spec(m.spec);
      case 'inputs':
        return this.#observers.get(m.id)?.inputs?.(m.names);
      case 'running':
        return this.#observers.get(m.id)?.running?.();
      case 'pong':
        return this.onPong?.(m.seq);
      case 'settled':
      case 'inspected': {
        const resolve = this.#waiting.get(m.requestId);
        this.#waiting.delete(m.requestId);
        return resolve?.(m.type === 'inspected' ? m.value : undefined);
      }
      case 'ask':
        void this.answer(m.ask).then(
          (value) => this.#post({ type: 'answer', requestId: m.requestId, ok: true, value }),
          (error: unknown) => this.#post({ type: 'answer', requestId: m.requestId, ok: false, error: (error as Error).message ?? String(error) }),
        );
        return;
      default:
        return assertNeverMessage(m);
    }
  }
}

function assertNeverMessage(m: never): never {
  throw new Error(`Unknown message from the sandbox: ${JSON.stringify(m)}`);
}
