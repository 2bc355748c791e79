/**
 * The study "Motivation in Large Language Models" (Nahum et al. 2026) as reusable pieces: task
 * banks and choice pairs, sampling, cost, and the study's analyses over trial tables. In
 * notebooks these are in scope as `study`.
 */
export { taskTable, type StudyTask } from './task-table';
export { pairTable, type ChoicePair } from './pair-table';
export { loadPaperData, PAPER_DATA_URL, type PaperData } from './load-paper-data';
export { sampleTasks } from './sample-tasks';
export { makePairs } from './make-pairs';
export { categoryEffect, type CategoryEffect } from './category-effect';
export { testRetest, type RetestRow } from './test-retest';
export { crossContext } from './cross-context';
export { breakdownStructure } from './breakdown-structure';
export { judgedAnswers } from './judged-answers';
export { reportPerformance, type ReportPerformanceRow } from './report-performance';
export { choiceAnalysis } from './choice-analysis';
export { manipulationEffects, type ManipulationEffect, type MetricSource } from './manipulation-effects';
export { mixedConditionEffects, type MixedConditionEffect } from './mixed-condition-effects';
export { topTerms } from './top-terms';
export { humanComparison } from './human-comparison';
export { replyCounts, type ReplyCount } from './reply-counts';
export { StudyNote, note } from './study-note';
export { whenReady } from './when-ready';
export { trialsOrNote } from './trials-or-note';
export { replyColumn } from '../experiments/reply-column';
export { planCost, type CostRow, type Prices } from './plan-cost';
export { PAPER } from './paper-values';
export { power, type PowerOptions, type PowerResult, type PowerRow } from './power';
export { pilotNoise, type PilotNoise } from './pilot-noise';
export * from './questionnaire';
export { DEFAULT_SIM_PARAMS } from '../simulation/sim-params';
