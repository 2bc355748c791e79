import type { ExperimentSpec, PlannedTrial } from '../model';
import type { TrialList } from '../experiments/indexed-plan';
import { groupCalls, sameRequest } from './group-calls';

/** The requests of one model and the responses they return. */
export interface CallCount {
  readonly calls: number;
  readonly responses: number;
}

/** The calls `groupCalls(expandPlan(spec))` makes, counted and sampled without expanding the plan. */
export interface PlanCalls {
  /** Per model, in the order of its first call. */
  readonly perModel: ReadonlyMap<string, CallCount>;
  /** The first trial of each model's calls number 0, every, 2 × every … in groupCalls' order (the trials of a call share their messages). */
  everyNth(every: number): PlannedTrial[];
}

/** The calls one row makes: which repetitions (1-based within the row) start a call, and how many calls. */
interface RowCalls {
  readonly starts: Uint8Array;
  readonly count: number;
}

/**
 * The calls of `plan` (`indexedPlan(spec)`, the same trials as `expandPlan(spec)`) as
 * `groupCalls` makes them, worked out from the plan's shape. The plan is `repetitions` blocks of
 * equal rows (a model × task × condition, or a model × source trial); a row's trials in the
 * blocks are its repetitions, and only they can share a request: a call is consecutive
 * repetitions with the same seed and criteria order, `n` at most. An independent spec's rows all
 * split alike (1..n, n+1..2n …), so its counts and samples are arithmetic; a dependent spec's
 * rows are read one by one (no prompt rendered) since a source's repetition shifts the seeds.
 * Only the sampled calls' trials are built.
 */
export function planCalls(spec: ExperimentSpec, plan: TrialList<PlannedTrial>): PlanCalls {
  const sources = spec.from?.trials ?? [];
  // Source trials that share a key make trials that share requests across rows: group them as the runner does.
  if (new Set(sources.map((t) => t.key)).size !== sources.length) return groupedCalls(Array.from({ length: plan.length }, (_, i) => plan.at(i)));
  const rows = spec.repetitions ? plan.length / spec.repetitions : 0;
  const rowCalls = rowCallsOf(spec, plan, rows);
  return spec.from ? dependentCalls(spec, plan, rows, rowCalls) : independentCalls(spec, plan, rows, rowCalls(0));
}

/** Every row splits into calls at repetitions 1, n+1, 2n+1 …; per model, calls go by that call number, then row. */
function independentCalls(spec: ExperimentSpec, plan: TrialList<PlannedTrial>, rows: number, split: RowCalls): PlanCalls {
  const models = spec.models;
  const rowsPerModel = rows / models.length;
  const n = Math.max(1, spec.n ?? 1);
  const perModel = new Map(models.map((m) => [m, { calls: rowsPerModel * split.count, responses: rowsPerModel * spec.repetitions }]));
  return {
    perModel,
    everyNth(every) {
      const out: PlannedTrial[] = [];
      models.forEach((_, m) => {
        for (let q = 0; q < rowsPerModel * split.count; q += every) {
          const call = Math.floor(q / rowsPerModel);
          out.push(plan.at(call * n * rows + (q % rowsPerModel) * models.length + m));
        }
      });
      return out;
    },
  };
}

/** Rows split by their own source's repetition: counted row by row, sampled in the plan's order of first trials. */
function dependentCalls(spec: ExperimentSpec, plan: TrialList<PlannedTrial>, rows: number, rowCalls: (row: number) => RowCalls): PlanCalls {
  const perModel = new Map<string, { calls: number; responses: number }>();
  for (let row = 0; row < rows; row++) {
    const model = plan.modelAt(row);
    const count = perModel.get(model) ?? { calls: 0, responses: 0 };
    perModel.set(model, count);
    count.calls += rowCalls(row).count;
    count.responses += spec.repetitions;
  }
  return {
    perModel,
    everyNth(every) {
      const out: PlannedTrial[] = [];
      const seen = new Map<string, number>();
      for (let r = 1; r <= spec.repetitions; r++) {
        for (let row = 0; row < rows; row++) {
          if (!rowCalls(row).starts[r]) continue;
          const model = plan.modelAt(row);
          const i = seen.get(model) ?? 0;
          seen.set(model, i + 1);
          if (i % every === 0) out.push(plan.at((r - 1) * rows + row));
        }
      }
      return out;
    },
  };
}

/**
 * How each row's repetitions form calls, as groupCalls forms them (in repetition order, a new call
 * when none of the same request is open or it holds `n`). A request is told by its seed
 * (`seed + call of the trial's repetition - 1`) and criteria order (shuffled per call of the
 * row's repetition r): the call numbers stand for them, as distinct numbers give distinct seeds,
 * and two orders that happen to coincide only matter where a call of another seed sits between.
 * With both a seed and criteria, and a source's repetitions not starting at a multiple of `n`,
 * that can happen: those rows compare their trials' requests themselves.
 */
function rowCallsOf(spec: ExperimentSpec, plan: TrialList<PlannedTrial>, rows: number): (row: number) => RowCalls {
  const n = Math.max(1, spec.n ?? 1);
  const seeded = spec.seed !== undefined;
  const shuffled = Boolean(spec.criteria?.length);
  const callOf = (repetition: number) => Math.ceil(repetition / n);
  const byOffset = new Map<number, RowCalls>();
  const exact = new Map<number, RowCalls>();
  return (row) => {
    const offset = plan.repetitionAt(row) - 1;
    if (seeded && shuffled && n > 1 && offset % n !== 0) {
      let calls = exact.get(row);
      if (!calls) exact.set(row, (calls = split(spec.repetitions, n, (r) => sameRequest(plan.at((r - 1) * rows + row)))));
      return calls;
    }
    const shift = seeded ? offset % n : 0;
    let calls = byOffset.get(shift);
    if (!calls) byOffset.set(shift, (calls = split(spec.repetitions, n, (r) => `${shuffled || !seeded ? callOf(r) : ''}|${seeded ? callOf(shift + r) : ''}`)));
    return calls;
  };
}

/** groupCalls' rule over the repetitions 1..`repetitions` of one row, each told by its request. */
function split(repetitions: number, n: number, requestOf: (r: number) => string): RowCalls {
  const starts = new Uint8Array(repetitions + 1);
  const open = new Map<string, { size: number }>();
  let count = 0;
  for (let r = 1; r <= repetitions; r++) {
    const request = requestOf(r);
    let call = open.get(request);
    if (!call || call.size >= n) {
      open.set(request, (call = { size: 0 }));
      starts[r] = 1;
      count++;
    }
    call.size++;
  }
  return { starts, count };
}

/** PlanCalls of trials already made, grouped by groupCalls itself. */
function groupedCalls(plan: PlannedTrial[]): PlanCalls {
  const calls = groupCalls(plan);
  const perModel = new Map<string, { calls: number; responses: number }>();
  for (const call of calls) {
    const count = perModel.get(call[0].model) ?? { calls: 0, responses: 0 };
    perModel.set(call[0].model, count);
    count.calls += 1;
    count.responses += call.length;
  }
  return {
    perModel,
    everyNth(every) {
      const seen = new Map<string, number>();
      return calls.map((call) => call[0]).filter((p) => {
        const i = seen.get(p.model) ?? 0;
        seen.set(p.model, i + 1);
        return i % every === 0;
      });
    },
  };
}
