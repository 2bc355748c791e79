/**
 * Bench-only, never part of the app: a bare `openai` SDK loop, bundled by scripts/bench/runs.ts
 * into one script that the bench evaluates in the app's page (through the DevTools protocol, so
 * the app carries no hook for it). It installs `window.benchSdkLoop`.
 */
import OpenAI from 'openai';

declare global {
  interface Window {
    benchSdkLoop?: (baseURL: string, apiKey: string, model: string, calls: number, concurrency: number) => Promise<number>;
  }
}

window.benchSdkLoop = async (baseURL, apiKey, model, calls, concurrency) => {
  const client = new OpenAI({ baseURL, apiKey, dangerouslyAllowBrowser: true, maxRetries: 0 });
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < calls) {
      const i = next++;
      await client.chat.completions.create({ model, messages: [{ role: 'user', content: `How motivated are you to do task ${i}? Answer with just the number.` }], max_tokens: 20, temperature: 1 });
    }
  }));
  return performance.now() - started;
};
