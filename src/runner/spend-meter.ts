import type { ChatResult, ModelPrices } from '../model';
import { costOfTokens } from '../experiments/cost-of-tokens';

/** Asked before each call under a spend limit, with what the run has committed and what the next call may cost (US$); a message pauses the run. */
export type SpendCheck = (committedUsd: number, nextCallUsd: number) => string | null;

/**
 * Counts what a run spends from the usage its replies return, at the spec's prices, and what the
 * calls in flight may add. Until a reply has told what a call costs, one call goes at a time, so
 * an estimate that is too low cannot send a burst of calls past the limit.
 */
export class SpendMeter {
  spentUsd = 0;
  /** True when a reply's model had no price: the spend cannot be counted. */
  unpriced: string | null = null;
  #maxCallUsd = 0;
  #observed = false;
  #inFlight = 0;
  #settled: Promise<void>;
  #release: () => void = () => undefined;

  constructor(
    readonly prices: ModelPrices | undefined,
    /** US$ one call is expected to cost before any has returned (from the cost table's estimate). */
    readonly estimateUsd = 0,
  ) {
    this.#settled = this.#nextSettle();
  }

  /** What the next call may cost: the dearest call so far, or the estimate before any reply said. */
  get nextCallUsd(): number {
    return this.#observed ? this.#maxCallUsd : this.estimateUsd;
  }

  /** Spent plus what the calls in flight may add. */
  get committedUsd(): number {
    return this.spentUsd + this.#inFlight * this.nextCallUsd;
  }

  /** No reply has told a call's cost yet and one call is in flight: wait for it. */
  get calibrating(): boolean {
    return !this.#observed && this.#inFlight > 0;
  }

  /** Resolves when a call in flight ends. */
  settled(): Promise<void> {
    return this.#settled;
  }

  start(): void {
    this.#inFlight++;
  }

  end(): void {
    this.#inFlight--;
    const release = this.#release;
    this.#settled = this.#nextSettle();
    release();
  }

  /** Counts a reply's tokens (cached replies cost nothing). */
  add(model: string, result: ChatResult): void {
    if (result.cached) return;
    const cost = costOfTokens({ [model]: { prompt: result.promptTokens ?? 0, completion: result.completionTokens ?? 0 } }, this.prices);
    if (cost === null) {
      this.unpriced ??= model;
      return;
    }
    this.#observed = true;
    this.spentUsd += cost;
    this.#maxCallUsd = Math.max(this.#maxCallUsd, cost);
  }

  #nextSettle(): Promise<void> {
    return new Promise<void>((resolve) => (this.#release = resolve));
  }
}
