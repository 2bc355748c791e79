import type { ChatResult } from '../model';

/**
 * One result per response of a call that asked for `n`: the i-th result carries the i-th
 * choice. Tokens are shared out so that they add up to what the request cost: the prompt was
 * sent once, so its tokens are divided among the responses; completion tokens go by each
 * response's own count where the endpoint gave one, else in proportion to its length. Fewer
 * results than `n` when the endpoint returned fewer choices.
 */
export function splitChoices(result: ChatResult, n: number): ChatResult[] {
  const choices = result.choices?.length ? result.choices.slice(0, n) : [{ text: result.text, finishReason: result.finishReason }];
  const { choices: _all, ...common } = result;
  if (choices.length === 1) return [{ ...common, text: choices[0].text, finishReason: choices[0].finishReason }];
  const prompt = share(result.promptTokens, choices.map(() => 1));
  const known = choices.every((c) => typeof c.completionTokens === 'number');
  const completion = known ? choices.map((c) => c.completionTokens as number) : share(result.completionTokens, choices.map((c) => Math.max(1, c.text.length)));
  return choices.map((c, i) => ({ ...common, text: c.text, finishReason: c.finishReason, promptTokens: prompt[i] ?? null, completionTokens: completion[i] ?? null }));
}

/** `total` split in proportion to `weights`, in whole tokens that add up to it; nulls when the total is unknown. */
function share(total: number | null, weights: readonly number[]): (number | null)[] {
  if (total === null) return weights.map(() => null);
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length, rest--) parts[i]++;
  return parts;
}
