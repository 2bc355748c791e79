import { onScale, promptScale } from './prompt-scale';
import type { ChatMessage, SamplingParams } from '../model';
import { seededRandom } from '../analysis/seeded-random';
import { stableHash } from '../experiments/stable-hash';
import type { SimParams } from './sim-params';
import { recognizePrompt } from './recognize-prompt';
import { simulateQuestionnaire } from './simulate-questionnaire';
import { normalDraw } from './normal-draw';
import type { SimWorld } from './sim-world';
import { answerText, reasonText, qualityOfAnswer } from './sim-text';

/** A simulated reply, with the token counts a real endpoint would report. */
export interface SimReply {
  readonly text: string;
  readonly completionTokens: number;
  readonly finishReason: 'stop' | 'length';
}

const ITEMS = ['interest', 'challenge', 'mastery', 'fear', 'value'] as const;
const CRITERIA = ['task_performance_quality', 'task_completion', 'effort_and_engagement', 'consistency', 'creativity_and_innovation', 'attention_to_detail', 'relevance_and_appropriateness'];

/**
 * The simulated participant: answers any of the study's prompts (pre-task, breakdown,
 * execution, judge, post-task, post-similar, choice) from a seeded generative model with known
 * parameters (see SimParams). The same request always gets the same reply; repetitions differ
 * through their seed, or without a seed through their repetition number. `sample` is which of
 * the `n` responses of one request this is (0 first): the k-th response of a request for
 * repetition r is the reply a seedless request for repetition r + k gets. Replies use the same
 * JSON formats a real model is asked for.
 */
export function simulateReply(request: { model: string; messages: readonly ChatMessage[]; params: SamplingParams; repetition?: number }, world: SimWorld, sample = 0): SimReply {
  const p = world.params;
  const salt = request.params.seed !== undefined ? (sample ? `|c${sample}` : '') : `|r${(request.repetition ?? 1) + sample}`;
  const random = seededRandom(parseInt(stableHash(`${p.seed}|${request.model}|${request.params.seed ?? ''}${salt}|${JSON.stringify(request.messages)}`), 16));
  const normal = () => normalDraw(random);
  const seen = recognizePrompt(request.messages, world);
  const model = modelTraits(p, request.model);
  const effect = (name: string | null) => ({ report: 0, post: 0, tokens: 0, judge: 0, choice: 0, ...(name ? p.manipulations[name] : {}) });
  const points = (x: number) => Math.min(100, Math.max(1, Math.round(x)));
  const noise = () => p.reportSd * model.noise * normal();
  const reply = (text: string, tokens?: number): SimReply => finish(text, request.params, tokens);

  const questionnaire = simulateQuestionnaire(request, world, random);
  if (questionnaire !== null) return reply(questionnaire);
  if (random() < p.offFormatRate) return reply('Honestly, I would say my motivation here is fairly high, all things considered.');
  const task = seen.tasks[0] ?? null;
  const latent = task ? world.latent(task.id) : { want: 0, able: 0 };
  const motivation = 50 + p.motivation.pointsPerUnit * (p.motivation.want * latent.want + p.motivation.able * latent.able) + model.bias;
  const z = (motivation - 50) / p.motivation.pointsPerUnit;
  const fx = effect(seen.condition);

  switch (seen.kind) {
    case 'pre': {
      const score = points(motivation + fx.report + noise());
      // A prompt that does not ask for the study's JSON (the Quick start's "just the number") gets a number on its own scale.
      const prompt = request.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      if (!/motivation_score/i.test(prompt)) return reply(String(onScale(score, promptScale(prompt))));
      return reply(JSON.stringify({ answer: reasonText(score, random), motivation_score: score }));
    }
    case 'breakdown': {
      const items = Object.fromEntries(ITEMS.map((k) => [k, points(50 + p.motivation.pointsPerUnit * (p.loadings[k][0] * latent.want + p.loadings[k][1] * latent.able) + model.bias + noise())]));
      return reply(JSON.stringify({ ...items, motivation: points(motivation + fx.report + noise()) }));
    }
    case 'execution': {
      if (task && world.categories(task.id).includes(p.refusal.category) && random() < p.refusal.rate) return reply("I'm sorry, but I can't help with that request.");
      const tokens = Math.max(5, Math.round(p.effort.baseTokens * Math.exp(p.effort.perUnit * z + fx.tokens + p.effort.sd * normal())));
      const logit = p.quality.perUnit * z + p.quality.perLogTokens * Math.log(tokens / p.effort.baseTokens) + fx.judge + p.quality.sd * normal();
      return reply(answerText(tokens, 1 / (1 + Math.exp(-logit)), random), tokens);
    }
    case 'judge': {
      const q = qualityOfAnswer(seen.answer ?? '');
      const keys = seen.criteria.length ? seen.criteria : CRITERIA;
      const scores = Object.fromEntries(keys.map((k) => [k, Math.min(7, Math.max(1, Math.round(1 + 6 * q + 0.5 * normal())))]));
      return reply(JSON.stringify(scores));
    }
    case 'post':
    case 'similar': {
      const q = qualityOfAnswer(seen.answer ?? '');
      const base = motivation + 12 * (q - 0.5);
      const score = seen.kind === 'post' ? points(base + fx.post + noise()) : points(base + 0.5 * noise());
      return reply(JSON.stringify({ motivation_score: score }));
    }
    case 'choice': {
      const [a, b] = seen.tasks;
      if (!a || !b) return reply('{"task_number": 1, "explanation": "I could not tell the tasks apart."}');
      const m = (id: string) => {
        const l = world.latent(id);
        return p.motivation.pointsPerUnit * (p.motivation.want * l.want + p.motivation.able * l.able);
      };
      const shift = seen.target === null ? 0 : seen.target === 1 ? fx.choice : -fx.choice;
      const pFirst = 1 / (1 + Math.exp(-(p.choice.slope * (m(a.id) - m(b.id)) + shift)));
      const chosen = random() < pFirst ? 1 : 2;
      const text = `{"task_number": ${chosen}, "explanation": "Task ${chosen} looks more ${chosen === 1 ? 'engaging' : 'worthwhile'} to me."}\nANSWER: Here is my solution to task ${chosen}.`;
      return reply(text);
    }
  }
}

/** A model's report offset (points) and noise multiplier: from the parameters, or fixed by its name. */
export function modelTraits(p: SimParams, model: string): { bias: number; noise: number } {
  const given = p.models[model];
  if (given) return given;
  const h = parseInt(stableHash(model), 16);
  return { bias: (h % 11) - 5, noise: 0.8 + ((h >>> 8) % 5) / 10 };
}

/** Applies `stop` (cut before the first stop sequence) and `maxTokens` (cut with finish reason `length`). */
function finish(text: string, params: SamplingParams, tokens?: number): SimReply {
  let out = text;
  for (const s of params.stop ?? []) {
    const at = out.indexOf(s);
    if (at >= 0) out = out.slice(0, at);
  }
  let count = tokens ?? Math.max(1, Math.ceil(out.length / 4));
  let finishReason: SimReply['finishReason'] = 'stop';
  if (params.maxTokens !== undefined && count > params.maxTokens) {
    const words = out.split(' ');
    out = words.slice(0, Math.max(1, Math.floor((words.length * params.maxTokens) / count))).join(' ');
    count = params.maxTokens;
    finishReason = 'length';
  }
  return { text: out.trimEnd(), completionTokens: count, finishReason };
}
