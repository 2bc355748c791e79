export { validateSpec, NO_CONDITION } from './validate-spec';
export { renderPrompt, type PromptValues } from './render-prompt';
export { expandPlan } from './expand-plan';
export { stableHash } from './stable-hash';
export { parseRating, type ParsedRating } from './parse-rating';
export { trialRows, type TrialRow } from './trial-rows';
export { replyColumn, REPLY_PREFIX } from './reply-column';
export { planSummary, type PlanSummary } from './plan-summary';
