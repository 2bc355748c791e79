import type { CellId, Endpoint, ExperimentSpec, Notebook, Store } from '../model';
import { SIMULATED_ENDPOINT, isNamedCell, normalizeBaseURL } from '../model';
import { expandPlan } from '../experiments/expand-plan';
import { specCost } from '../study/plan-cost';
import { notebookHash } from '../format/notebook-hash';

/** One experiment of a paid-call request: what would be sent where. */
export interface PaidCallLine {
  readonly cell: string;
  readonly endpoint: string;
  readonly baseURL: string;
  readonly models: readonly string[];
  /** Calls still to send (those already answered are not sent again). */
  readonly calls: number;
  /** Prompt plus completion tokens those calls are expected to use (the cost table's estimate). */
  readonly tokens: number;
  /** US$ at the spec's list prices (batch prices through the Batch API); null when a model has no price ("cost unknown"). */
  readonly cost: number | null;
}

/** An endpoint whose confirm-above threshold the request passes (or whose cost is unknown). */
export interface PaidCallThreshold {
  readonly endpoint: string;
  readonly thresholdUsd: number;
  /** The estimate on that endpoint; null when unknown. */
  readonly costUsd: number | null;
}

/** The plan an imported notebook wants to send on the viewer's endpoints, waiting for an answer. */
export interface PaidCallRequest {
  readonly lines: readonly PaidCallLine[];
  readonly via: 'live calls' | 'the Batch API';
  /** True when the notebook came from outside and has not spent on this content before. */
  readonly imported: boolean;
  /** Endpoints whose confirm-above threshold the estimate passes. */
  readonly over: readonly PaidCallThreshold[];
}

/** What the gate needs from its notebook. */
export interface PaidCallHost {
  notebook(): Notebook;
  spec(id: CellId): ExperimentSpec | null;
  endpoints(): readonly Endpoint[];
  readonly store: Store;
}

/** Kept with the trust decisions, under a prefix of its own: "this content may spend". */
const CONFIRMED = 'paid-calls:';

/**
 * Asks before paid calls: before the first paid call of a notebook that came from a file, a URL
 * or a one-file copy (trusting its code is not consenting to spend; a confirmation is remembered
 * for the notebook's exact content, by hash), and before any Run, Run all or batch whose estimate
 * passes an endpoint's confirm-above threshold or cannot be made (a model without a price).
 * Until the user answers in the dialog, `confirm` waits and nothing is sent.
 */
export class PaidCallGate {
  request = $state<PaidCallRequest | null>(null);
  #answer: ((ok: boolean) => void) | null = null;

  constructor(readonly host: PaidCallHost) {}

  /**
   * True when the cells may call their endpoints now (asking first if needed); false when the user
   * declined. `fresh`: every planned call is sent again (a fresh run), not only those unanswered.
   */
  async confirm(cellIds: readonly CellId[], via: PaidCallRequest['via'] = 'live calls', fresh = false): Promise<boolean> {
    const notebook = this.host.notebook();
    const paid = cellIds.flatMap((id) => {
      const spec = this.host.spec(id);
      const endpoint = spec && this.host.endpoints().find((e) => e.name === spec.endpoint);
      return spec && endpoint && endpoint.baseURL !== SIMULATED_ENDPOINT.baseURL ? [{ id, spec, endpoint }] : [];
    });
    if (!paid.length) return true;
    const hash = notebook.importedFrom ? await notebookHash(notebook) : null;
    const imported = hash !== null && !(await this.host.store.isTrusted(CONFIRMED + hash));
    if (!imported && !paid.some((p) => p.endpoint.confirmAboveUsd !== undefined)) return true;
    const nameOf = (id: CellId) => {
      const cell = notebook.cells.find((c) => c.id === id);
      return cell && isNamedCell(cell) ? cell.name : String(id);
    };
    const lines = await Promise.all(paid.map(async ({ id, spec, endpoint }) => {
      const plan = expandPlan(spec, { baseURL: normalizeBaseURL(endpoint.baseURL) });
      const answered = fresh ? null : await this.host.store.completedKeys(notebook.id, id);
      const share = plan.length ? plan.filter((p) => !answered?.has(p.key)).length / plan.length : 0;
      const est = await estimate(spec, via, plan.length);
      return {
        cell: nameOf(id),
        endpoint: endpoint.name,
        baseURL: endpoint.baseURL,
        models: [...spec.models],
        calls: Math.round(est.calls * share),
        tokens: Math.round(est.tokens * share),
        cost: est.cost === null ? null : est.cost * share,
      };
    }));
    const over = overThresholds(lines.filter((l) => l.calls > 0), this.host.endpoints());
    if (!imported && !over.length) return true;
    this.#answer?.(false);
    this.request = { lines, via, imported, over };
    const ok = await new Promise<boolean>((resolve) => (this.#answer = resolve));
    if (ok && imported && hash) await this.host.store.putTrust(CONFIRMED + hash);
    return ok;
  }

  /** The user's answer in the dialog. */
  answer(ok: boolean): void {
    const answer = this.#answer;
    this.#answer = null;
    this.request = null;
    answer?.(ok);
  }
}

/** Endpoints whose lines together cost more than their confirm-above threshold, or an unknown amount. */
function overThresholds(lines: readonly PaidCallLine[], endpoints: readonly Endpoint[]): PaidCallThreshold[] {
  return endpoints.flatMap((e) => {
    const mine = lines.filter((l) => l.endpoint === e.name);
    if (e.confirmAboveUsd === undefined || !mine.length) return [];
    const costUsd = mine.some((l) => l.cost === null) ? null : mine.reduce((s, l) => s + (l.cost ?? 0), 0);
    return costUsd === null || costUsd > e.confirmAboveUsd ? [{ endpoint: e.name, thresholdUsd: e.confirmAboveUsd, costUsd }] : [];
  });
}

/** The cost table's calls, tokens and cost of the spec (plan-cost.ts), live or at batch prices; cost null when a price or the estimate is missing. */
async function estimate(spec: ExperimentSpec, via: PaidCallRequest['via'], planned: number): Promise<{ calls: number; tokens: number; cost: number | null }> {
  try {
    const rows = await specCost(spec, spec.prices ? { prices: spec.prices } : {});
    const costs = rows.map((r) => (via === 'the Batch API' ? r.batchCost : r.cost));
    return {
      calls: rows.reduce((s, r) => s + r.calls, 0),
      tokens: rows.reduce((s, r) => s + r.promptTokens + r.completionTokens, 0),
      cost: costs.some((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
    };
  } catch {
    return { calls: planned, tokens: 0, cost: null };
  }
}
