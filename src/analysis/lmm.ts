import { designMatrix } from './internal/predictors';
import { remlFit, type GroupingFactor } from './internal/reml-fit';

/** A linear mixed model with random intercepts (one grouping factor, or several crossed), fitted by REML. */
export interface LmmResult {
  readonly terms: readonly string[];
  readonly estimate: number[];
  readonly se: number[];
  /** Variance of the random intercepts; with several grouping factors, the first factor's (see varGroups). */
  readonly varGroup: number;
  /** One random-intercept variance per grouping factor, by its name (`group` for a single unnamed factor). */
  readonly varGroups: Readonly<Record<string, number>>;
  readonly varResidual: number;
  /** Levels of the (first) grouping factor; see `levels` for each. */
  readonly groups: number;
  /** Levels of each grouping factor, by its name. */
  readonly levels: Readonly<Record<string, number>>;
  /** −2 × the restricted log-likelihood at the optimum, equal to `lme4::REMLcrit`. */
  readonly remlCriterion: number;
  readonly n: number;
}

/**
 * `lme4::lmer(y ~ fixed + (1 | group), REML = TRUE)`, or with a record of grouping factors
 * (e.g. `{ task, model }`) `lmer(y ~ fixed + (1 | task) + (1 | model))`: random intercepts per
 * factor, crossed or nested, fitted by lme4's profiled REML deviance (see remlFit).
 */
export function lmm(
  y: readonly number[],
  fixed: Readonly<Record<string, readonly number[]>>,
  groups: readonly string[] | Readonly<Record<string, readonly string[]>>,
): LmmResult {
  const { names, columns } = designMatrix(y, fixed);
  const named: Record<string, readonly string[]> = isLabels(groups) ? { group: groups } : { ...groups };
  const factorNames = Object.keys(named);
  if (factorNames.length === 0) throw new Error('groups must name at least one grouping factor');
  const factors: GroupingFactor[] = factorNames.map((name) => toFactor(name, named[name], y.length, isLabels(groups)));
  const n = y.length;
  const p = names.length;
  if (n <= p + 1) throw new Error(`lmm needs more than ${p + 1} observations, got ${n}`);
  const fit = remlFit(y, columns, factors);
  const varGroups = Object.fromEntries(factorNames.map((name, i) => [name, fit.varFactors[i]]));
  return {
    terms: names,
    estimate: fit.beta,
    se: fit.covBeta.map((row, i) => Math.sqrt(row[i])),
    varGroup: fit.varFactors[0],
    varGroups,
    varResidual: fit.varResidual,
    groups: factors[0].levels,
    levels: Object.fromEntries(factors.map((f) => [f.name, f.levels])),
    remlCriterion: fit.remlCriterion,
    n,
  };
}

function isLabels(groups: readonly string[] | Readonly<Record<string, readonly string[]>>): groups is readonly string[] {
  return Array.isArray(groups);
}

function toFactor(name: string, labels: readonly string[], n: number, single: boolean): GroupingFactor {
  const what = single ? 'group' : `groups.${name}`;
  if (!Array.isArray(labels)) throw new Error(`${what} must be an array of labels, one per observation`);
  if (labels.length !== n) throw new Error(`Arrays of unequal length: y has ${n} values but ${what} has ${labels.length}`);
  const level = new Map<string, number>();
  const index = labels.map((g) => {
    const key = String(g);
    if (!level.has(key)) level.set(key, level.size);
    return level.get(key)!;
  });
  if (level.size < 2) throw new Error(`${what} needs at least 2 levels, got ${level.size}`);
  return { name, index, levels: level.size };
}
