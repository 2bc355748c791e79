import { pca } from '../analysis/pca';
import { ols } from '../analysis/ols';
import { pearson } from '../analysis/pearson';
import { meanBy, round } from './rows';
import { replyColumn } from '../experiments/reply-column';
import { note, type StudyNote } from './study-note';
import { trialsOrNote } from './trials-or-note';
import { PAPER } from './paper-values';

const ITEMS = ['interest', 'challenge', 'mastery', 'fear', 'value'] as const;

/**
 * The two motivation factors. PCA with two components and varimax over the five breakdown
 * items (model × sub-task means, control condition); the component on which `interest` loads
 * most is "want", the other "able". Regression scores (Z · L(LᵀL)⁻¹) place every sub-task in
 * the two-factor space; overall motivation (standardised) is regressed on both scores and their
 * product. `factorCorrelation` is r between the want composite (interest, challenge, value)
 * and the able composite (mastery, reversed fear). The items and overall motivation are read from
 * the reply's own fields (`reply_interest` … `reply_motivation`), never from the trial's `value`.
 */
export function breakdownStructure(breakdown: unknown, options: { condition?: string } = {}): ReturnType<typeof fitStructure> | StudyNote {
  const list = trialsOrNote(breakdown, 'breakdown', options.condition ?? 'none');
  if (!Array.isArray(list)) return list;
  const cols = [...ITEMS, 'motivation'];
  const per = cols.map((c) => meanBy(list, (r) => `${r.model}|${r.taskId}`, replyColumn(c)));
  const keys = [...per[0].keys()].filter((k) => per.every((m) => m.has(k)));
  if (keys.length < 10) return note(`the factor analysis needs at least 10 model × sub-task means with all five items and found ${keys.length}: raise "Sub-tasks per category" or add models`);
  return fitStructure(cols, per, keys);
}

function fitStructure(cols: string[], per: Map<string, { mean: number }>[], keys: string[]) {
  const data = Object.fromEntries(cols.map((c, i) => [c, keys.map((k) => per[i].get(k)!.mean)]));
  const items = Object.fromEntries(ITEMS.map((c) => [c, data[c]]));
  const fit = pca(items, { nFactors: 2, rotate: 'varimax' });
  const wantIndex = Math.abs(fit.loadings[0][0]) >= Math.abs(fit.loadings[0][1]) ? 0 : 1;
  const order = [wantIndex, 1 - wantIndex];
  const loadings = fit.loadings.map((row) => order.map((j) => row[j]));
  // Orient "want" so interest loads positively, "able" so mastery does.
  const signs = [Math.sign(loadings[0][0]) || 1, Math.sign(loadings[2][1]) || 1];
  const L = loadings.map((row) => row.map((v, j) => v * signs[j]));
  const z = ITEMS.map((c) => standardise(data[c]));
  const scores = keys.map((_, u) => weights(L).map((w) => w.reduce((s, wi, i) => s + wi * z[i][u], 0)));
  const want = scores.map((s) => s[0]);
  const able = scores.map((s) => s[1]);
  const motivation = standardise(data.motivation);
  const reg = ols(motivation, { want, able, 'want:able': want.map((w, i) => w * able[i]) });
  const wantComposite = keys.map((_, u) => (data.interest[u] + data.challenge[u] + data.value[u]) / 3);
  const ableComposite = keys.map((_, u) => (data.mastery[u] + (100 - data.fear[u])) / 2);
  return {
    n: keys.length,
    eigenvalues: fit.eigenvalues.map((e) => round(e)),
    loadings: ITEMS.map((item, i) => ({ item, want: round(L[i][0]), able: round(L[i][1]) })),
    scores: keys.map((k, u) => ({ model: k.split('|')[0], taskId: k.slice(k.indexOf('|') + 1), want: want[u], able: able[u], motivation: data.motivation[u] })),
    regression: reg.terms.map((term, i) => ({ term, beta: round(reg.estimate[i]), se: round(reg.se[i]), p: reg.p[i] })),
    r2: round(reg.r2),
    factorCorrelation: round(pearson(wantComposite, ableComposite).r),
    paper: { eigenvalues: PAPER.eigenvalues, betas: PAPER.factorBetas, factorCorrelation: PAPER.factorCorrelation },
  };
}

function standardise(x: readonly number[]): number[] {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)) || 1;
  return x.map((v) => (v - m) / sd);
}

/** Score weights per component: columns of L(LᵀL)⁻¹, for two components. */
function weights(L: number[][]): number[][] {
  const a = L.reduce((s, r) => s + r[0] * r[0], 0);
  const b = L.reduce((s, r) => s + r[0] * r[1], 0);
  const d = L.reduce((s, r) => s + r[1] * r[1], 0);
  const det = a * d - b * b;
  const inv = [[d / det, -b / det], [-b / det, a / det]];
  return [0, 1].map((j) => L.map((r) => r[0] * inv[0][j] + r[1] * inv[1][j]));
}
