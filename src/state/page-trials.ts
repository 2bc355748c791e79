import type { SvelteMap } from 'svelte/reactivity';
import type { CellId, NotebookId, SlimTrial, Store, TrialId } from '../model';
import { slimTrial } from '../model';

/**
 * The page's trials per experiment cell, slim (no prompts: see SlimTrial), and how they change.
 * The page reads them for counts, splits and figure facts, never the prompts, which are most of
 * a trial's bytes: at the study's scale, whole trials made opening a notebook read, clone and
 * hold gigabytes. Where a prompt is shown or exported, it is read from the store then
 * (`Store.trialsByIds`, `Store.trialsForCell`).
 */
export class PageTrials {
  /** Where each trial of a cell's list is, kept for the list it was built for (a new list per change). */
  readonly #index = new WeakMap<readonly SlimTrial[], Map<TrialId, number>>();

  constructor(
    readonly map: SvelteMap<CellId, readonly SlimTrial[]>,
    readonly store: Store,
    readonly notebookId: NotebookId,
  ) {}

  /** Reads the cells' stored trials, slim, in place of what the page held. */
  async load(cellIds: readonly CellId[]): Promise<void> {
    await Promise.all(cellIds.map(async (id) => this.map.set(id, await this.store.trialsForAnalysis(this.notebookId, id))));
  }

  /**
   * Adds trials to a cell (a trial with an id the cell holds replaces it, at the end); returns
   * 'appended' when every one was new, so only they need to reach the sandbox. Appending costs
   * the new trials (and one copy of the list's pointers), not a lookup of every held trial per
   * batch, which made a large import quadratic.
   */
  merge(id: CellId, trials: readonly SlimTrial[]): { all: readonly SlimTrial[]; added: readonly SlimTrial[] | null } {
    const held = this.map.get(id) ?? [];
    const index = this.#indexOf(held);
    const incoming = trials.map(slimTrial);
    const fresh = incoming.every((t) => !index.has(t.id));
    let all: SlimTrial[];
    if (fresh) {
      all = held.concat(incoming);
      incoming.forEach((t, i) => index.set(t.id, held.length + i));
      // The index moves to the new list; the old one is no longer the cell's.
      this.#index.delete(held);
      this.#index.set(all, index);
    } else {
      const ids = new Set(incoming.map((t) => t.id));
      all = [...held.filter((t) => !ids.has(t.id)), ...incoming];
    }
    this.map.set(id, all);
    return { all, added: fresh ? incoming : null };
  }

  #indexOf(list: readonly SlimTrial[]): Map<TrialId, number> {
    let index = this.#index.get(list);
    if (!index) {
      index = new Map(list.map((t, i) => [t.id, i]));
      this.#index.set(list, index);
    }
    return index;
  }
}
