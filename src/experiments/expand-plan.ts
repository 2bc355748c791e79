import type { ChatMessage, ExperimentSpec, PlannedTrial, SamplingParams } from '../model';
import { renderPrompt } from './render-prompt';
import { stableHash } from './stable-hash';
import { NO_CONDITION } from './validate-spec';

/**
 * Every model × task × condition × repetition as a fresh conversation (optional system message,
 * then the prompt). Repetition is the outer loop, then task, condition and model, so a partial
 * run covers every task early and live plots fill evenly. Keys are
 * `model|taskId|condition|rN|hash`, the hash over messages and sampling parameters: an unchanged
 * spec re-expands to the same keys, an edited prompt to new ones. With a `seed`, repetition N
 * gets `seed + N - 1` so repeated calls differ.
 */
export function expandPlan(spec: ExperimentSpec): PlannedTrial[] {
  const plan: PlannedTrial[] = [];
  const conditions = spec.conditions ?? [NO_CONDITION];
  for (let repetition = 1; repetition <= spec.repetitions; repetition++) {
    for (const task of spec.tasks) {
      for (const condition of conditions) {
        const prompt = renderPrompt(spec.prompt, { task: task.text, prefix: condition.prefix, min: spec.scale.min, max: spec.scale.max });
        const messages: ChatMessage[] = [...(spec.system ? [{ role: 'system' as const, content: spec.system }] : []), { role: 'user', content: prompt }];
        const params: SamplingParams = {
          ...(spec.temperature !== undefined && { temperature: spec.temperature }),
          ...(spec.maxTokens !== undefined && { maxTokens: spec.maxTokens }),
          ...(spec.seed !== undefined && { seed: spec.seed + repetition - 1 }),
        };
        const hash = stableHash(JSON.stringify([messages, params, spec.scale]));
        for (const model of spec.models) {
          plan.push({
            key: `${model}|${task.id}|${condition.name}|r${repetition}|${hash}`,
            model,
            taskId: task.id,
            task: task.text,
            condition: condition.name,
            repetition,
            messages,
            params,
            scale: spec.scale,
          });
        }
      }
    }
  }
  return plan;
}
