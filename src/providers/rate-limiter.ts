import type { RateLimitInfo } from '../model';
import { abortableSleep } from './abortable-sleep';

/** Limits of one endpoint, per minute. */
export interface RateLimits {
  readonly rpm?: number;
  readonly tpm?: number;
}

/** Paces the requests to one endpoint; shared by every run that uses it. */
export interface RateLimiter {
  /** Waits until a request costing `tokens` may go. Rejects with an aborted ProviderError on abort. */
  acquire(tokens: number, signal?: AbortSignal): Promise<void>;
  /** Adopts what the endpoint's headers say: a lower limit, or nothing left until a reset. */
  learn(info: RateLimitInfo | undefined): void;
  /** The limits in force now (user-set, or lower ones learnt from headers). */
  limits(): { rpm: number | null; tpm: number | null };
}

export interface RateLimiterOptions {
  readonly now?: () => number;
}

/**
 * Two token buckets, requests and tokens, refilled continuously at rpm/60 s and tpm/60 s, with a
 * burst of one second's worth (at least one request), so the achieved rate stays at the limit
 * instead of bursting a minute's quota at once. Waiters are served in order.
 */
export function createRateLimiter(initial: RateLimits, options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? (() => performance.now());
  let rpm = positive(initial.rpm);
  let tpm = positive(initial.tpm);
  let requests = burstOf(rpm);
  let tokens = tpm === null ? 0 : tpm / 6;
  let last = now();
  let blockedUntil = 0;
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    const dt = t - last;
    last = t;
    if (rpm !== null) requests = Math.min(burstOf(rpm), requests + (dt * rpm) / 60_000);
    if (tpm !== null) tokens = Math.min(Math.max(tpm / 6, 1), tokens + (dt * tpm) / 60_000);
  };

  const waitFor = (cost: number): number => {
    refill();
    let wait = Math.max(0, blockedUntil - now());
    if (rpm !== null && requests < 1) wait = Math.max(wait, ((1 - requests) * 60_000) / rpm);
    // A request larger than the bucket waits for a full bucket, then goes.
    const need = tpm === null ? 0 : Math.min(cost, Math.max(tpm / 6, 1));
    if (tpm !== null && tokens < need) wait = Math.max(wait, ((need - tokens) * 60_000) / tpm);
    return wait;
  };

  return {
    acquire(cost, signal) {
      const turn = queue.then(async () => {
        for (let wait = waitFor(cost); wait > 0; wait = waitFor(cost)) await abortableSleep(wait, signal);
        if (rpm !== null) requests -= 1;
        if (tpm !== null) tokens -= cost;
      });
      // A cancelled waiter must not block the ones behind it.
      queue = turn.catch(() => undefined);
      return turn;
    },
    learn(info) {
      if (!info) return;
      const r = info.requests;
      const k = info.tokens;
      if (r?.limit && (rpm === null || r.limit < rpm)) rpm = r.limit;
      if (k?.limit && (tpm === null || k.limit < tpm)) tpm = k.limit;
      if ((r?.remaining === 0 && r.resetMs) || (k?.remaining === 0 && k.resetMs)) {
        blockedUntil = Math.max(blockedUntil, now() + Math.max(r?.remaining === 0 ? (r.resetMs ?? 0) : 0, k?.remaining === 0 ? (k.resetMs ?? 0) : 0));
      }
    },
    limits: () => ({ rpm, tpm }),
  };
}

function positive(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) && x > 0 ? x : null;
}

function burstOf(rpm: number | null): number {
  return rpm === null ? 0 : Math.max(1, rpm / 60);
}
