/**
 * A small reactive graph of named cells, written for Motivelab instead of using
 * `@observablehq/runtime`: it is typed end to end, invalidates stale work with an AbortSignal
 * (the runner and the providers speak AbortSignal too), reports an error per cell with a kind
 * the UI can explain (cycle, unknown name, upstream …), and needs none of Observable's
 * generator or variable-module semantics. It speaks only through observer callbacks.
 */
import { CellError, toCellError } from './cell-error';

/** What a cell computes and which named cells it reads. */
export interface CellDefinition {
  /** The name other cells read it by; null for cells that only display. */
  readonly name: string | null;
  /** Names of the cells whose values `compute` receives, in this order. */
  readonly inputs: readonly string[];
  compute(values: readonly unknown[], context: { readonly signal: AbortSignal }): unknown;
}

/** The only way the graph speaks to the outside, as the Observable runtime's observers. */
export interface CellObserver {
  pending(): void;
  fulfilled(value: unknown): void;
  rejected(error: CellError): void;
}

type NodeState = 'waiting' | 'running' | 'fulfilled' | 'rejected';

interface Node {
  readonly id: string;
  definition: CellDefinition;
  observer: CellObserver;
  state: NodeState;
  value: unknown;
  error: CellError | null;
  controller: AbortController | null;
  /** Bumped on each start, so a late result of an older start is recognised and dropped. */
  version: number;
}

export class CellGraph {
  readonly #nodes = new Map<string, Node>();
  readonly #dirty = new Set<string>();
  #scheduled = false;
  /** Who waits for the graph to settle: all of it (`ids` null) or some cells and what they read. */
  #idle: Array<{ readonly ids: readonly string[] | null; readonly resolve: () => void }> = [];
  #disposed = false;
  /** Inside a loop that starts cells: a cell settling in it says nothing about its siblings. */
  #advancing = 0;

  /** Adds a cell or replaces its definition; it and everything downstream recompute. */
  define(id: string, definition: CellDefinition, observer: CellObserver): void {
    const old = this.#nodes.get(id);
    if (old) {
      this.#markReaders(old.definition.name);
      old.definition = definition;
      old.observer = observer;
    } else {
      this.#nodes.set(id, { id, definition, observer, state: 'waiting', value: undefined, error: null, controller: null, version: 0 });
    }
    this.#markReaders(definition.name);
    this.#mark(id);
  }

  /** Removes a cell; cells that read it now see an unknown name. */
  delete(id: string): void {
    const node = this.#nodes.get(id);
    if (!node) return;
    node.controller?.abort();
    node.version++;
    this.#nodes.delete(id);
    this.#dirty.delete(id);
    this.#markReaders(node.definition.name);
    this.#schedule();
  }

  /** Recomputes a cell and everything downstream (e.g. new trials arrived for an experiment). */
  invalidate(id: string): void {
    if (this.#nodes.has(id)) this.#mark(id);
  }

  /**
   * Resolves once nothing is waiting or running; with `ids`, once those cells and every cell they
   * read (directly or through others) are not running, whatever the rest of the graph still does
   * (e.g. the next experiment's design, while thirty analyses recompute).
   */
  settled(ids?: readonly string[]): Promise<void> {
    const wanted = ids ?? null;
    if (this.#isIdle(wanted)) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push({ ids: wanted, resolve }));
  }

  /** Aborts all work; the graph stays silent afterwards. */
  dispose(): void {
    this.#disposed = true;
    for (const node of this.#nodes.values()) {
      node.controller?.abort();
      node.version++;
    }
    this.#nodes.clear();
    this.#wakeIdle();
  }

  #mark(id: string): void {
    this.#dirty.add(id);
    this.#schedule();
  }

  #markReaders(name: string | null): void {
    if (name === null) return;
    for (const node of this.#nodes.values()) {
      // Cells sharing the name are marked too: a duplicate may have appeared or gone away.
      if (node.definition.inputs.includes(name) || node.definition.name === name) this.#dirty.add(node.id);
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#disposed) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  /** Recomputes every dirty cell and everything downstream of it, once per batch. */
  #flush(): void {
    this.#scheduled = false;
    if (this.#disposed) return;
    const affected = this.#downstream([...this.#dirty]);
    this.#dirty.clear();
    for (const node of affected) {
      node.controller?.abort();
      node.controller = null;
      node.version++;
      node.state = 'waiting';
      node.observer.pending();
    }
    this.#advancing++;
    try {
      for (const node of affected) this.#advance(node);
    } finally {
      this.#advancing--;
    }
    this.#wakeIdle();
  }

  #downstream(ids: readonly string[]): Node[] {
    const seen = new Set<string>();
    const queue = ids.filter((id) => this.#nodes.has(id));
    while (queue.length) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const reader of this.#readers(this.#nodes.get(id)!)) queue.push(reader.id);
    }
    return [...seen].map((id) => this.#nodes.get(id)!);
  }

  #readers(node: Node): Node[] {
    const name = node.definition.name;
    if (name === null || this.#resolve(name) !== node) return [];
    return [...this.#nodes.values()].filter((n) => n.definition.inputs.includes(name));
  }

  /** The cell a name refers to (the first one defined when a name is duplicated). */
  #resolve(name: string): Node | undefined {
    for (const node of this.#nodes.values()) if (node.definition.name === name) return node;
    return undefined;
  }

  /** Starts a waiting cell when its inputs allow, or settles it with the reason it cannot run. */
  #advance(node: Node): void {
    if (node.state !== 'waiting') return;
    const structural = this.#structuralError(node);
    if (structural) return this.#settle(node, 'rejected', undefined, structural);
    const inputs = node.definition.inputs.map((name) => this.#resolve(name)!);
    const failed = inputs.find((n) => n.state === 'rejected');
    if (failed) {
      const message = `Depends on '${failed.definition.name}', which has an error`;
      return this.#settle(node, 'rejected', undefined, new CellError(message, 'upstream'));
    }
    if (inputs.some((n) => n.state !== 'fulfilled')) return;
    this.#start(node, inputs.map((n) => n.value));
  }

  #structuralError(node: Node): CellError | null {
    const { name, inputs } = node.definition;
    if (name !== null && [...this.#nodes.values()].some((n) => n !== node && n.definition.name === name)) {
      return new CellError(`The name '${name}' is defined by more than one cell`, 'duplicate-name');
    }
    const unknown = inputs.find((input) => !this.#resolve(input));
    if (unknown !== undefined) return new CellError(`Unknown name '${unknown}'`, 'unknown-name');
    const cycle = this.#cycleThrough(node);
    if (cycle) return new CellError(`Circular definition: ${cycle.join(' → ')}`, 'cycle');
    return null;
  }

  /** A path of names from `node` back to itself, if there is one. */
  #cycleThrough(start: Node): string[] | null {
    const visited = new Set<Node>();
    const walk = (node: Node, path: string[]): string[] | null => {
      for (const input of node.definition.inputs) {
        const next = this.#resolve(input);
        if (!next) continue;
        if (next === start) return [...path, input];
        if (visited.has(next)) continue;
        visited.add(next);
        const found = walk(next, [...path, input]);
        if (found) return found;
      }
      return null;
    };
    return walk(start, [start.definition.name ?? start.id]);
  }

  #start(node: Node, values: unknown[]): void {
    const controller = new AbortController();
    const version = node.version;
    node.controller = controller;
    node.state = 'running';
    const current = () => !this.#disposed && node.version === version && this.#nodes.get(node.id) === node;
    let result: unknown;
    try {
      result = node.definition.compute(values, { signal: controller.signal });
    } catch (error) {
      return this.#settle(node, 'rejected', undefined, toCellError(error));
    }
    if (!isPromiseLike(result)) return this.#settle(node, 'fulfilled', result, null);
    Promise.resolve(result).then(
      (value) => current() && this.#settle(node, 'fulfilled', value, null),
      (error: unknown) => current() && this.#settle(node, 'rejected', undefined, toCellError(error)),
    );
  }

  #settle(node: Node, state: 'fulfilled' | 'rejected', value: unknown, error: CellError | null): void {
    node.controller = null;
    node.state = state;
    node.value = value;
    node.error = error;
    if (state === 'fulfilled') node.observer.fulfilled(value);
    else node.observer.rejected(error!);
    this.#advancing++;
    try {
      for (const reader of this.#readers(node)) this.#advance(reader);
    } finally {
      this.#advancing--;
    }
    this.#wakeIdle();
  }

  #isIdle(ids: readonly string[] | null = null): boolean {
    if (this.#disposed) return true;
    if (this.#scheduled || this.#dirty.size) return false;
    for (const node of ids ? this.#upstream(ids) : this.#nodes.values()) if (node.state === 'running') return false;
    // A waiting cell whose inputs can never settle (nothing running) is stuck, not busy.
    return true;
  }

  /** The cells `ids` and every cell they read, directly or through others. */
  #upstream(ids: readonly string[]): Node[] {
    const seen = new Set<Node>();
    const queue = ids.map((id) => this.#nodes.get(id)).filter((n): n is Node => n !== undefined);
    while (queue.length) {
      const node = queue.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const input of node.definition.inputs) {
        const read = this.#resolve(input);
        if (read) queue.push(read);
      }
    }
    return [...seen];
  }

  #wakeIdle(): void {
    // A cell settled while its siblings wait to start (they are not running yet): not idle yet.
    if (this.#idle.length === 0 || this.#advancing > 0) return;
    const waiting = this.#idle;
    this.#idle = waiting.filter((w) => !this.#isIdle(w.ids));
    for (const w of waiting) if (!this.#idle.includes(w)) w.resolve();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
