/**
 * Statistics for the study, as pure functions over plain arrays; every result matches R (see
 * tests/analysis). In notebooks these are in scope as `stats`.
 */
export { pearson, type PearsonResult } from './pearson';
export { spearman, type SpearmanResult } from './spearman';
export { kendall, type KendallResult } from './kendall';
export { icc, type IccResult, type IccEntry } from './icc';
export { cronbachAlpha, type CronbachAlphaResult } from './cronbach-alpha';
export { ols, type OlsResult } from './ols';
export { logistic, type LogisticResult } from './logistic';
export { tTestPaired, type PairedTTestResult } from './t-test-paired';
export { tTestWelch, type WelchTTestResult } from './t-test-welch';
export { tTestOneSample, type OneSampleTTestResult } from './t-test-one-sample';
export { anovaOneWay, type AnovaOneWayResult } from './anova-one-way';
export { anovaType2, type AnovaType2Row } from './anova-type2';
export { omnibusFTest, type OmnibusFTestResult } from './omnibus-f-test';
export { wilsonCI } from './wilson-ci';
export { benjaminiHochberg } from './benjamini-hochberg';
export { fisherZMean } from './fisher-z-mean';
export { bootstrapCI, type BootstrapResult } from './bootstrap-ci';
export { seededRandom } from './seeded-random';
export { columnValues, type ColumnSource } from './column-values';
export { columnsOf } from './columns-of';
export { summarize, type ResultSummary } from './summarize';
export { formatApa, formatP } from './format-apa';
export { correlationMatrix } from './correlation-matrix';
export { eigenvalues } from './eigenvalues';
export { pca, type PcaResult } from './pca';
export { efa, type EfaResult } from './efa';
export { lmm, type LmmResult } from './lmm';
