import type { ChatRequest, ChatResult, Provider } from '../model';
import { ProviderError } from '../model';
import { makeSimWorld, type SimWorld } from '../simulation/sim-world';
import { simulateReply } from '../simulation/simulate-reply';

/** Base URLs that mean "the simulated participant", never the network. */
export const SIMULATED_BASE_URL = 'simulated://participant';

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
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs ?? 0));
      if (request.signal?.aborted) throw new ProviderError('The request was cancelled', 'aborted');
      let world: SimWorld;
      try {
        world = worldOf(request.simulation);
      } catch (error) {
        throw new ProviderError(`Simulation parameters: ${(error as Error).message}`, 'bad-request', 400);
      }
      const reply = simulateReply(request, world);
      const promptTokens = Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4);
      return { text: reply.text, finishReason: reply.finishReason, promptTokens, completionTokens: reply.completionTokens, model: `simulated:${request.model}`, latencyMs: performance.now() - started };
    },
    async listModels(): Promise<string[]> {
      return ['participant-a', 'participant-b'];
    },
  };
}
