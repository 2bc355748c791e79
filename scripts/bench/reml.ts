/**
 * `npx tsx scripts/bench/reml.ts [baseline]`: deviance evaluations and time per crossed mixed-model
 * fit (`remlFit`, as `lmm` calls it) on study-shaped data (1,305 sub-tasks × models × 5 conditions,
 * a tenth of the rows missing) and on the lme4 references in ../shared/reference/stats. Given the
 * path of another `reml-fit.ts` (e.g. main's, copied out of git), fits each data set with both in
 * turn, in one run, and prints the largest differences between the two fits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { remlFit, type GroupingFactor, type RemlFit } from '../../src/analysis/internal/reml-fit';
import { remlStatistics } from '../../src/analysis/internal/reml-statistics';
import { seededRandom } from '../../src/analysis/seeded-random';

type Fit = (y: readonly number[], columns: readonly (readonly number[])[], factors: readonly GroupingFactor[]) => RemlFit;
interface DataSet {
  readonly label: string;
  readonly y: number[];
  readonly columns: number[][];
  readonly factors: GroupingFactor[];
  /** lme4's results, in the order of `factors` for the variances. */
  readonly lme4?: { estimate: number[]; se: number[]; varFactors: number[]; varResidual: number; remlCriterion?: number };
}

function factor(name: string, labels: readonly string[]): GroupingFactor {
  const level = new Map<string, number>();
  const index = labels.map((l) => level.get(l) ?? level.set(l, level.size).get(l)!);
  return { name, index, levels: level.size };
}

function studyShaped(models: number, repetitions: number, seed = 7): DataSet {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const shifts = [0, 4, -10, 2, 6];
  const modelShift = Array.from({ length: models }, () => 8 * normal());
  const y: number[] = [];
  const condition: number[] = [];
  const task: string[] = [];
  const model: string[] = [];
  for (let t = 0; t < 1305; t++) {
    const taskShift = 6 * normal();
    for (let m = 0; m < models; m++)
      for (let c = 0; c < 5; c++)
        for (let k = 0; k < repetitions; k++) {
          if (random() < 0.1) continue;
          y.push(Math.round(Math.min(100, Math.max(0, 55 + taskShift + modelShift[m] + shifts[c] + 12 * normal()))));
          condition.push(c);
          task.push(`t${t}`);
          model.push(`m${m}`);
        }
  }
  const columns = [y.map(() => 1), ...[1, 2, 3, 4].map((c) => condition.map((v) => (v === c ? 1 : 0)))];
  const factors = models > 1 ? [factor('task', task), factor('model', model)] : [factor('task', task)];
  return { label: `study-shaped, ${models} model${models > 1 ? 's' : ''} × ${repetitions} rep.`, y, columns, factors };
}

/** The reference trials as `tests/analysis` fit them (treatment coding against R's first level). */
function references(): DataSet[] {
  const dir = resolve(import.meta.dirname, '../../../shared/reference/stats');
  if (!existsSync(dir)) return [];
  const csv = (name: string) => {
    const [header, ...lines] = readFileSync(resolve(dir, name, 'trials.csv'), 'utf8').trim().split(/\r?\n/);
    const keys = header.split(',').map((k) => k.replace(/^"|"$/g, ''));
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v.replace(/^"|"$/g, '')])));
  };
  const dummies = (rows: Record<string, string>[], levels: string[]) => levels.map((c) => rows.map((r) => (r.condition === c ? 1 : 0)));
  const expected = (name: string) => JSON.parse(readFileSync(resolve(dir, name, 'expected.json'), 'utf8')) as Record<string, never>;
  const crossed = csv('crossed');
  const x = expected('crossed') as Record<string, number & number[]>;
  const out: DataSet[] = [
    {
      label: 'lme4 crossed reference',
      y: crossed.map((r) => Number(r.motivation)),
      columns: [crossed.map(() => 1), ...dummies(crossed, ['money', 'futility', 'punish']), crossed.map((r) => Number(r.length))],
      factors: [factor('task', crossed.map((r) => r.task)), factor('model', crossed.map((r) => r.model))],
      lme4: { estimate: x.estimate, se: x.se, varFactors: [x.varTask, x.varModel], varResidual: x.varResidual, remlCriterion: x.remlCriterion },
    },
  ];
  for (const name of ['small', 'medium']) {
    const all = csv(name);
    const first = [...new Set(all.map((r) => r.model))].sort()[0];
    const rows = all.filter((r) => r.model === first);
    const levels = [...new Set(rows.map((r) => r.condition))].sort().filter((c) => c !== 'baseline');
    const e = (expected(name) as Record<string, Record<string, number & number[]>>).lmm_first_model_condition_random_task;
    const lme4 = { estimate: e.estimate, se: e.se, varFactors: [e.var_task], varResidual: e.var_residual };
    out.push({ label: `lme4 ${name} reference`, y: rows.map((r) => Number(r.motivation)), columns: [rows.map(() => 1), ...dummies(rows, levels)], factors: [factor('task', rows.map((r) => r.task))], lme4 });
  }
  return out;
}

/** The fastest of `runs` fits (the machine is shared: the minimum is the least disturbed). */
function timed(fit: Fit, data: DataSet, runs: number): { fit: RemlFit; ms: number } {
  // One untimed fit first, so neither side pays for the JIT.
  let best = { fit: fit(data.y, data.columns, data.factors), ms: Infinity };
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    const result = fit(data.y, data.columns, data.factors);
    const ms = performance.now() - start;
    if (ms < best.ms) best = { fit: result, ms };
  }
  return best;
}

function setupMs(data: DataSet, runs = 15): number {
  let best = Infinity;
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    remlStatistics(data.y, data.columns, data.factors);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const largest = (values: number[]) => Math.max(...values).toExponential(1);
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Largest differences of fit a from b: estimates absolute, SEs and variances relative, REMLcrit absolute. */
function differences(a: RemlFit, b: NonNullable<DataSet['lme4']>): string {
  const se = a.covBeta.map((row, i) => Math.sqrt(row[i]));
  const crit = b.remlCriterion === undefined ? '' : `, REMLcrit ${(a.remlCriterion - b.remlCriterion).toExponential(1)}`;
  return (
    `estimate ${largest(a.beta.map((v, i) => Math.abs(v - b.estimate[i])))} (abs), SE ${largest(se.map((v, i) => relative(v, b.se[i])))} (rel), ` +
    `variances ${largest([relative(a.varResidual, b.varResidual), ...a.varFactors.map((v, i) => relative(v, b.varFactors[i]))])} (rel)${crit}`
  );
}

const asExpected = (fit: RemlFit) => ({ estimate: fit.beta, se: fit.covBeta.map((row, i) => Math.sqrt(row[i])), varFactors: fit.varFactors, varResidual: fit.varResidual, remlCriterion: fit.remlCriterion });

async function main(): Promise<void> {
  const baselinePath = process.argv[2];
  const baseline: Fit | undefined = baselinePath ? ((await import(resolve(baselinePath))) as { remlFit: Fit }).remlFit : undefined;
  const sets = [studyShaped(4, 1), studyShaped(1, 4), studyShaped(5, 4), ...references()];
  console.log('Times: the fastest of 15 fits (baseline: of 3), after one untimed fit; the two in turn per data set.');
  for (const data of sets) {
    const now = timed(remlFit, data, 15);
    const setup = setupMs(data);
    const perEvaluation = (1000 * (now.ms - setup)) / now.fit.evaluations;
    const line = `${data.label} (n ${data.y.length}): ${now.fit.evaluations} evaluations, ${now.ms.toFixed(1)} ms per fit (sums ${setup.toFixed(1)} ms, then ${perEvaluation.toFixed(1)} µs per evaluation)`;
    console.log(line);
    const before = baseline && timed(baseline, data, 3);
    if (before) {
      const counted = (before.fit as { evaluations?: number }).evaluations;
      const perBefore = counted ? `, ${((1000 * (before.ms - setup)) / counted).toFixed(1)} µs per evaluation beyond the new code's sums` : '';
      console.log(`  baseline: ${counted ?? '?'} evaluations, ${before.ms.toFixed(1)} ms per fit${perBefore}`);
      console.log(`  new vs baseline, largest differences: ${differences(now.fit, asExpected(before.fit))}`);
    }
    if (data.lme4) {
      console.log(`  new vs lme4: ${differences(now.fit, data.lme4)}`);
      if (before) console.log(`  baseline vs lme4: ${differences(before.fit, data.lme4)}`);
    }
  }
}

void main();
