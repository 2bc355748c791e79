import type { CellId, Endpoint, ExperimentSpec, Notebook, Store } from '../model';
import { SIMULATED_ENDPOINT, isNamedCell, normalizeBaseURL } from '../model';
import { expandPlan } from '../experiments/expand-plan';
import { planCost } from '../study/plan-cost';
import { notebookHash } from '../format/notebook-hash';

/** One experiment of a paid-call request: what would be sent where. */
export interface PaidCallLine {
  readonly cell: string;
  readonly endpoint: string;
  readonly baseURL: string;
  readonly models: readonly string[];
  readonly calls: number;
  /** US$ at the spec's list prices; null when a model has no price ("cost unknown"). */
  readonly cost: number | null;
}

/** The plan an imported notebook wants to send on the viewer's endpoints, waiting for an answer. */
export interface PaidCallRequest {
  readonly lines: readonly PaidCallLine[];
  readonly via: 'live calls' | 'the Batch API';
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
 * Asks before the first paid call of a notebook that came from a file, a URL or a one-file copy:
 * trusting its code is not consenting to spend. Any Run, Run all or batch whose endpoint is not
 * the simulated one waits on `request` until the user confirms or declines in the dialog; a
 * confirmation is remembered for the notebook's exact content (by hash).
 */
export class PaidCallGate {
  request = $state<PaidCallRequest | null>(null);
  #answer: ((ok: boolean) => void) | null = null;

  constructor(readonly host: PaidCallHost) {}

  /** True when the cells may call their endpoints now (asking first if needed); false when the user declined. */
  async confirm(cellIds: readonly CellId[], via: PaidCallRequest['via'] = 'live calls'): Promise<boolean> {
    const notebook = this.host.notebook();
    if (!notebook.importedFrom) return true;
    const paid = cellIds.flatMap((id) => {
      const spec = this.host.spec(id);
      const endpoint = spec && this.host.endpoints().find((e) => e.name === spec.endpoint);
      return spec && endpoint && endpoint.baseURL !== SIMULATED_ENDPOINT.baseURL ? [{ id, spec, endpoint }] : [];
    });
    if (!paid.length) return true;
    const hash = await notebookHash(notebook);
    if (await this.host.store.isTrusted(CONFIRMED + hash)) return true;
    const nameOf = (id: CellId) => {
      const cell = notebook.cells.find((c) => c.id === id);
      return cell && isNamedCell(cell) ? cell.name : String(id);
    };
    const lines = await Promise.all(paid.map(async ({ id, spec, endpoint }) => ({
      cell: nameOf(id),
      endpoint: endpoint.name,
      baseURL: endpoint.baseURL,
      models: [...spec.models],
      calls: expandPlan(spec, { baseURL: normalizeBaseURL(endpoint.baseURL) }).length,
      cost: await estimate(spec),
    })));
    this.#answer?.(false);
    this.request = { lines, via };
    const ok = await new Promise<boolean>((resolve) => (this.#answer = resolve));
    if (ok) await this.host.store.putTrust(CONFIRMED + hash);
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

/** The spec's cost at its list prices (plan-cost.ts), or null when a price or the estimate is missing. */
async function estimate(spec: ExperimentSpec): Promise<number | null> {
  if (!spec.prices) return null;
  try {
    const rows = await planCost(spec, { prices: spec.prices });
    return rows.some((r) => r.cost === null) ? null : rows.reduce((s, r) => s + (r.cost ?? 0), 0);
  } catch {
    return null;
  }
}
