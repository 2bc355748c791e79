// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { endpointIdentity } from '../../src/model';
import { expandPlan } from '../../src/experiments/expand-plan';
import { validateSpec } from '../../src/experiments/validate-spec';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import type { ToSandbox, ValueView } from '../../src/sandbox/protocol';
import { SandboxClient } from '../../src/state/sandbox-client';
import { makeTrial } from '../fixtures/trial';

const SPEC = { endpoint: 'local', models: ['m'], tasks: ['one', 'two'], prompt: 'Rate {{task}} from 1 to 7', scale: { min: 1, max: 7 }, repetitions: 2 };

/** The page's client over the in-process sandbox, recording every message the page posts. */
function sandbox() {
  const transport = createInProcessSandbox();
  const sent: ToSandbox[] = [];
  const post = transport.post.bind(transport);
  transport.post = (m) => (sent.push(m), post(m));
  const client = new SandboxClient(transport, () => Promise.reject(new Error('no')));
  const views = new Map<string, ValueView>();
  const names: string[] = [];
  const define = (id: string, name: string, kind: 'experiment' | 'query', source: string) => {
    names.push(name);
    client.define(id, { kind, name, source }, names, { pending: () => undefined, fulfilled: (v) => views.set(name, v), rejected: (e) => views.set(name, { kind: 'json', text: `error ${e.message}` }), spec: () => undefined });
  };
  return { client, define, sent, views };
}

describe('trials reach the sandbox slim', () => {
  it('sends no messages or params; the table still has every trial\'s messages (from the plan), and a continued design is built from them', async () => {
    const { client, define, sent, views } = sandbox();
    define('d', 'ratings', 'experiment', JSON.stringify(SPEC));
    define('f', 'followUp', 'experiment', `({ endpoint: 'local', models: ['m'], continues: ratings, prompt: 'Why?', scale: { min: 1, max: 7 }, repetitions: 1 })`);
    await client.settled();
    const plan = expandPlan(validateSpec(SPEC), endpointIdentity('local', {}));
    const trials = plan.map((p) => makeTrial({ key: p.key, model: p.model, taskId: p.taskId, task: p.task, repetition: p.repetition, messages: p.messages, raw: '{"x": 5}' }));
    client.replaceTrials('d', trials.slice(0, 2));
    client.queueTrials('d', trials.slice(2));
    client.flushTrials('d');
    await client.settled();
    const trialMessages = sent.filter((m) => m.type === 'trials');
    expect(trialMessages.map((m) => m.replace)).toEqual([true, false]);
    expect(trialMessages.map((m) => m.columns.length)).toEqual([2, trials.length - 2]);
    for (const m of trialMessages) {
      const names = [...Object.keys(m.columns.text), ...Object.keys(m.columns.numbers), ...m.columns.fields.map((f) => f.name)];
      expect(names).not.toContain('messages');
      expect(names).not.toContain('params');
    }
    const rows = (await client.inspect('ratings')) as { key: string; messages: unknown; trialId: string }[];
    expect(rows.map((r) => r.trialId)).toEqual(trials.map((t) => t.id));
    expect(rows.map((r) => r.messages)).toEqual(plan.map((p) => p.messages));
    // The follow-up continues each conversation: its plan needs the rated trials' messages.
    expect(views.get('followUp')).toMatchObject({ kind: 'table', numRows: 0 });
    const followPlan = expandPlan(validateSpec({ endpoint: 'local', models: ['m'], continues: rows, prompt: 'Why?', scale: { min: 1, max: 7 }, repetitions: 1 }), endpointIdentity('local', {}));
    expect(followPlan.map((p) => p.messages.length)).toEqual(plan.map(() => 3));
    expect(followPlan[0].messages[0]).toEqual(plan[0].messages[0]);
  });
});
