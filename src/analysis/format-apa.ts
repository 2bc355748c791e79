import { summarize } from './summarize';

/** `p < .001`, `p = .032`, `p = .41`: APA style (no leading zero, three decimals below .01). */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < .001';
  return `p = ${noZero(p.toFixed(3))}`;
}

const noZero = (s: string) => s.replace(/^(-?)0\./, '$1.');
const fixed = (v: number, d = 2) => v.toFixed(d);
const df = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/**
 * APA-style text of a statistics result, detected as in `summarize`: e.g.
 * `r(286) = .48, 95% CI [.39, .56], p < .001`; `t(287) = 11.99, p < .001, d_z = 0.71`;
 * `F(5, 282) = 14.65, p < .001, η² = .21`; `R² = .60, F(5, 282) = 84.68, p < .001`.
 */
export function formatApa(result: unknown): string {
  const s = summarize(result);
  const r = result as Record<string, number>;
  const ci = (v: readonly [number, number], f: (x: number) => string) => `95% CI [${f(v[0])}, ${f(v[1])}]`;
  const corr = (x: number) => noZero(fixed(x));
  switch (s.kind) {
    case 'pearson':
      return `r(${s.df}) = ${corr(s.estimate!)}, ${ci(s.ci95!, corr)}, ${formatP(s.p!)}`;
    case 'spearman':
      return `r_s(${s.n! - 2}) = ${corr(s.estimate!)}, ${formatP(s.p!)}`;
    case 'kendall':
      return `τ_b = ${corr(s.estimate!)}, ${formatP(s.p!)}`;
    case 'paired-t':
      return `t(${df(s.df as number)}) = ${fixed(s.statistic!)}, ${formatP(s.p!)}, d_z = ${fixed(r.cohenDz)}, M_diff = ${fixed(s.estimate!)}, ${ci(s.ci95!, (x) => fixed(x))}`;
    case 't':
      return `t(${df(s.df as number)}) = ${fixed(s.statistic!)}, ${formatP(s.p!)}, ${ci(s.ci95!, (x) => fixed(x))}`;
    case 'anova': {
      const [d1, d2] = s.df as [number, number];
      return `F(${d1}, ${d2}) = ${fixed(s.statistic!)}, ${formatP(s.p!)}, η² = ${noZero(fixed(s.estimate!))}`;
    }
    case 'ols':
    case 'omnibus-f': {
      const [d1, d2] = s.df as [number, number];
      const p = s.p ?? 0;
      const head = s.kind === 'ols' ? `R² = ${noZero(fixed(s.estimate!))}` : `ΔR² = ${noZero(fixed(s.estimate!))}`;
      return `${head}, F(${d1}, ${d2}) = ${fixed(s.statistic!)}, ${formatP(p)}`;
    }
    case 'bootstrap':
      return `${fixed(s.estimate!)}, ${Math.round(((result as { level: number }).level ?? 0.95) * 100)}% CI [${fixed(s.ci95![0])}, ${fixed(s.ci95![1])}]`;
    case 'unknown':
      throw new Error('formatApa: not a result this library produces (expected the return value of pearson, tTestPaired, anovaOneWay, ols …)');
  }
}
