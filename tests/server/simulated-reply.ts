import { makeSimWorld } from '../../src/simulation/sim-world';
import { simulateReply } from '../../src/simulation/simulate-reply';
import type { ChatBody, ScriptedReply } from './test-server';

/**
 * A test-server reply script driven by the simulated participant: the same generator as the
 * built-in `simulated` endpoint, with known parameters, answering over real HTTP. `simulation`
 * is what a notebook's `simulation` cell holds (parameters plus `tasks` and `conditions`).
 * `stop` is left to the server, so the test proves the endpoint honours it.
 */
export function simulatedReply(simulation: Record<string, unknown>): (body: ChatBody, nth: number, choice: number) => ScriptedReply {
  const world = makeSimWorld(simulation);
  return (body, _nth, choice) => {
    const reply = simulateReply(
      {
        model: body.model,
        messages: body.messages as { role: 'system' | 'user' | 'assistant'; content: string }[],
        params: { ...(body.seed !== undefined && { seed: body.seed }), ...((body.max_completion_tokens ?? body.max_tokens) !== undefined && { maxTokens: body.max_completion_tokens ?? body.max_tokens }) },
      },
      world,
      choice,
    );
    return { text: reply.text, completionTokens: reply.completionTokens, finishReason: reply.finishReason };
  };
}
