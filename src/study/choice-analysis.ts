import { logistic } from '../analysis/logistic';
import { tTestOneSample } from '../analysis/t-test-one-sample';
import { wilsonCI } from '../analysis/wilson-ci';
import { meanBy, round, rows, type Row } from './rows';
import { PAPER } from './paper-values';
import { type StudyNote } from './study-note';
import { trialsOrNote } from './trials-or-note';

/**
 * The choice session against the reports. For each ok choice trial, the pair (from `pairs`:
 * task1Id, task2Id, manipulated side) and each task's pre-task motivation for that model
 * (sub-task mean in the control condition). In the control condition: the gap
 * motivation(chosen) − motivation(unchosen) with a one-sample t test, the share choosing the
 * higher-rated task (ties left out), and a logistic regression of "chose task 1" on the
 * motivation difference (Wald z). Per model and framing: the share choosing the manipulated
 * task with a 99% Wilson interval. The paper's share is attached to money and futility under
 * either of their names (`futility` or `demotivate-futility`). With no parsed choice, a note.
 */
export function choiceAnalysis(choice: unknown, pairs: unknown, pre: unknown): ReturnType<typeof analyse> | StudyNote {
  const ok = trialsOrNote(choice, 'choice');
  if (!Array.isArray(ok)) return ok;
  return analyse(ok, pairs, pre);
}

/** The paper's share of choosing the framed task, for a framing named either way. */
function paperShare(condition: string): number | null {
  if (/(^|-)futility$/.test(condition)) return PAPER.futilityChosenPct;
  if (condition === 'money') return PAPER.moneyChosenPct;
  return null;
}

function analyse(choice: readonly Row[], pairs: unknown, pre: unknown) {
  const pairById = new Map(rows(pairs, 'pairs').map((p) => [String(p.id), p]));
  const preOk = trialsOrNote(pre, 'pre-task', 'none');
  const motivation = meanBy(Array.isArray(preOk) ? preOk : [], (r) => `${r.model}|${r.taskId}`, 'value');
  const trials = choice.filter((t) => pairById.has(String(t.taskId)));
  const detailed = trials.map((t) => {
    const p = pairById.get(String(t.taskId))!;
    const chosen = t.value === 1 ? String(p.task1Id) : String(p.task2Id);
    const m1 = motivation.get(`${t.model}|${p.task1Id}`)?.mean ?? null;
    const m2 = motivation.get(`${t.model}|${p.task2Id}`)?.mean ?? null;
    return { model: String(t.model), condition: String(t.condition), pair: String(t.taskId), chosen, choseFirst: t.value === 1 ? 1 : 0, choseManipulated: t.value === Number(p.manipulated) ? 1 : 0, m1, m2 };
  });
  const control = detailed.filter((d) => d.condition === 'none' && d.m1 !== null && d.m2 !== null);
  const gaps = control.map((d) => (d.choseFirst ? d.m1! - d.m2! : d.m2! - d.m1!));
  const decided = gaps.filter((g) => g !== 0);
  const gapTest = gaps.length >= 2 ? tTestOneSample(gaps) : null;
  let slope = null;
  if (control.length >= 10) {
    try {
      const fit = logistic(control.map((d) => d.choseFirst), { diff: control.map((d) => d.m1! - d.m2!) });
      slope = { estimate: round(fit.estimate[1], 4), se: round(fit.se[1], 4), z: round(fit.z[1], 2), p: fit.p[1], n: control.length };
    } catch (error) {
      slope = { error: (error as Error).message };
    }
  }
  const groups = new Map<string, { model: string; condition: string; k: number; n: number }>();
  for (const d of detailed) {
    for (const model of [d.model, 'all']) {
      const key = `${model}|${d.condition}`;
      const g = groups.get(key) ?? { model, condition: d.condition, k: 0, n: 0 };
      g.k += d.choseManipulated;
      g.n += 1;
      groups.set(key, g);
    }
  }
  const byCondition = [...groups.values()].map((g) => {
    const [lo, hi] = wilsonCI(g.k, g.n, 0.99);
    const paper = g.model === 'all' ? paperShare(g.condition) : null;
    return { model: g.model, condition: g.condition, chosen: round(g.k / g.n), low: round(lo), high: round(hi), n: g.n, paperPct: paper };
  });
  return {
    n: control.length,
    meanGap: gapTest ? round(gapTest.mean, 2) : null,
    gapTest: gapTest && { t: round(gapTest.t, 2), df: gapTest.df, p: gapTest.p },
    choseHigher: decided.length ? round(decided.filter((g) => g > 0).length / decided.length) : null,
    slope,
    byCondition,
    trials: detailed,
    paper: { gap: PAPER.choiceGap, choseHigherPct: PAPER.choseHigherPct },
  };
}
