import { describe, expect, it } from 'vitest';
import * as stats from '../../src/analysis';
import { remlFit } from '../../src/analysis/internal/reml-fit';
import { seededRandom } from '../../src/analysis/seeded-random';

/**
 * Shaped like the study's framing effects: 1,305 sub-tasks × `models` × 5 conditions, one
 * response each, a tenth of them missing (unparsed replies), ratings rounded to integers.
 */
function studyShaped(models: number, seed = 7) {
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
      for (let c = 0; c < shifts.length; c++) {
        if (random() < 0.1) continue;
        y.push(Math.round(Math.min(100, Math.max(0, 55 + taskShift + modelShift[m] + shifts[c] + 12 * normal()))));
        condition.push(c);
        task.push(`t${t}`);
        model.push(`m${m}`);
      }
  }
  const fixed = Object.fromEntries([1, 2, 3, 4].map((c) => [`condition${c}`, condition.map((v) => (v === c ? 1 : 0))]));
  return { y, fixed, task, model };
}

const factorOf = (name: string, labels: string[]) => {
  const level = new Map<string, number>();
  return { name, index: labels.map((l) => level.get(l) ?? level.set(l, level.size).get(l)!), levels: new Set(labels).size };
};

describe('the crossed mixed model stops when it has converged, not at its evaluation cap', () => {
  it('fits 1,305 tasks × 4 models × 5 conditions in under 300 deviance evaluations', () => {
    const { y, fixed, task, model } = studyShaped(4);
    const fit = remlFit(y, [y.map(() => 1), ...Object.values(fixed)], [factorOf('task', task), factorOf('model', model)]);
    expect(fit.evaluations).toBeLessThan(300);
  });

  it('fits one model (the task intercept alone) in under 300 evaluations', () => {
    const { y, fixed, task } = studyShaped(1);
    const fit = remlFit(y, [y.map(() => 1), ...Object.values(fixed)], [factorOf('task', task)]);
    expect(fit.evaluations).toBeLessThan(300);
  });

  it('reports the same framing effects, SEs and variances as the fit that ran to the cap', () => {
    const { y, fixed, task, model } = studyShaped(4);
    const fit = stats.lmm(y, fixed, { task, model });
    // The previous optimiser's results on these data (tolerance 1e-11, four full searches).
    const before = PREVIOUS_FIT;
    fit.estimate.forEach((e, i) => expect(Math.abs(e - before.estimate[i])).toBeLessThan(1e-6));
    fit.se.forEach((s, i) => expect(Math.abs(s - before.se[i]) / before.se[i]).toBeLessThan(1e-5));
    expect(Math.abs(fit.varGroups.task / before.varTask - 1)).toBeLessThan(1e-5);
    expect(Math.abs(fit.varGroups.model / before.varModel - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.varResidual / before.varResidual - 1)).toBeLessThan(1e-5);
    expect(Math.abs(fit.remlCriterion - before.remlCriterion)).toBeLessThan(1e-6);
    expect(fit.n).toBe(before.n);
  });
});

const PREVIOUS_FIT = {
  estimate: [51.85753764587038, 3.7994361101369525, -10.257821338503453, 1.8311537620618032, 5.6793296520898116],
  se: [2.520838220811482, 0.247410374750736, 0.24736838792474788, 0.2468810386878386, 0.24720727540745666],
  varTask: 38.065608851529205,
  varModel: 25.17956896711551,
  varResidual: 142.87458898604854,
  remlCriterion: 185562.46044034802,
  n: 23494,
};
