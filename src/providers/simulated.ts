import type { ChatRequest, ChatResult, Provider } from '../model';
import { nextTask, ProviderError, SIMULATED_ENDPOINT } from '../model';
import { makeSimWorld, type SimWorld } from '../simulation/sim-world';
import { simulateReply } from '../simulation/simulate-reply';

/** Base URLs that mean "the simulated participant", never the network. */
export const SIMULATED_BASE_URL = SIMULATED_ENDPOINT.baseURL;

/**
 * An offline provider that answers with the simulated participant (see simulateReply). It
 * needs no key and makes no network request; each reply takes one macrotask (plus `latencyMs`)
 * so a long run never blocks the page. Model ids come back prefixed `simulated:` so every trial
 * says where it came from.
 */
export function createSimulatedProvider(options: { latencyMs?: number } = {}): Provider {
  const worlds = new WeakMap<object, SimWorld>();
  const empty = {};
  const worldOf = (simulation: object | undefined): SimWorld => {
    const key = simulation ?? empty;
    let world = worlds.get(key);
    if (!world) worlds.set(key, (world = makeSimWorld(simulation)));
    return world;
  };
  return {
    async chat(request: ChatRequest): Promise<ChatResult> {
      const started = performance.now();
      await (options.latencyMs ? new Promise((resolve) => setTimeout(resolve, options.latencyMs)) : nextTask());
      if (request.signal?.aborted) throw new ProviderError('The request was cancelled', 'aborted');
      let world: SimWorld;
      try {
        world = worldOf(request.simulation);
      } catch (error) {
        throw new ProviderError(`Simulation parameters: ${(error as Error).message}`, 'bad-request', 400);
      }
      // `n` responses from one request, as an endpoint that honours `n` returns them; tokens cover them all.
      const replies = Array.from({ length: Math.max(1, request.params.n ?? 1) }, (_, i) => simulateReply(request, world, i));
      const promptTokens = Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4);
      const completionTokens = replies.reduce((n, r) => n + r.completionTokens, 0);
      const [first] = replies;
      return {
        text: first.text, finishReason: first.finishReason, promptTokens, completionTokens, model: `simulated:${request.model}`, latencyMs: performance.now() - started,
        ...(replies.length > 1 && { choices: replies.map((r) => ({ text: r.text, finishReason: r.finishReason, completionTokens: r.completionTokens })) }),
      };
    },
    async listModels(): Promise<string[]> {
      return ['participant-a', 'participant-b'];
    },
  };
}
