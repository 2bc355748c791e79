// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { endpointIdentity, nextTask, type SlimTrial } from '../../src/model';
import { expandPlan } from '../../src/experiments/expand-plan';
import { validateSpec } from '../../src/experiments/validate-spec';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import type { SandboxTransport, ToSandbox } from '../../src/sandbox/protocol';
import { SandboxClient, TRIALS_PER_MESSAGE } from '../../src/state/sandbox-client';
import { makeTrial } from '../fixtures/trial';

type TrialsMessage = Extract<ToSandbox, { type: 'trials' }>;

/** A transport that only records what the page posts. */
function recorder() {
  const sent: { m: ToSandbox }[] = [];
  const transport: SandboxTransport = { post: (m) => void sent.push({ m }), onMessage: () => undefined, dispose: () => undefined };
  const client = new SandboxClient(transport, () => Promise.reject(new Error('no')));
  /** Lets `n` tasks pass. */
  const tasks = async (n: number) => {
    for (let i = 0; i < n; i++) await nextTask();
  };
  return { client, sent, tasks };
}

const trialsOf = (n: number): SlimTrial[] => Array.from({ length: n }, (_, i) => makeTrial({ key: `k${i}`, value: i % 7 }));
const isTrials = (m: ToSandbox): m is TrialsMessage => m.type === 'trials';
/** The ids a run of trials messages carries, in order. */
const idsOf = (ms: readonly TrialsMessage[]) => ms.flatMap((m) => {
  const { text, ends } = m.columns.text.id;
  return Array.from(ends, (end, i) => text.slice(i ? ends[i - 1] : 0, end));
});

describe('a large set of trials reaches the sandbox in slices', () => {
  it(`sends N trials in ⌈N / ${TRIALS_PER_MESSAGE.toLocaleString('en')}⌉ messages, each in a task of its own, and what is posted meanwhile after them`, async () => {
    const { client, sent, tasks } = recorder();
    const trials = trialsOf(2 * TRIALS_PER_MESSAGE + 7);
    client.replaceTrials('d', trials);
    client.define('q', { kind: 'query', name: 'n', source: '1' }, ['n'], { pending() {}, fulfilled() {}, rejected() {}, spec() {} });
    // Only the first slice leaves in the caller's task, and one more in each task after it
    // (microtasks do not let the page take input or paint; tasks do).
    const trialsSent = () => sent.filter((s) => s.m.type === 'trials').length;
    const counts = [trialsSent()];
    for (let i = 0; i < 3; i++) {
      await tasks(1);
      counts.push(trialsSent());
    }
    expect(counts).toEqual([1, 2, 3, 3]);
    await tasks(3);
    const messages = sent.map((s) => s.m);
    expect(messages.map((m) => m.type)).toEqual(['trials', 'trials', 'trials', 'define']);
    const slices = messages.filter(isTrials);
    expect(slices.map((m) => m.columns.length)).toEqual([TRIALS_PER_MESSAGE, TRIALS_PER_MESSAGE, 7]);
    expect(slices.map((m) => m.replace)).toEqual([true, false, false]);
    expect(slices.map((m) => m.more ?? false)).toEqual([true, true, false]);
    expect(idsOf(slices)).toEqual(trials.map((t) => t.id));
  });

  it('sends a set of at most one slice in one message at once, as before', () => {
    const { client, sent } = recorder();
    client.replaceTrials('d', trialsOf(TRIALS_PER_MESSAGE));
    expect(sent.map((s) => s.m)).toMatchObject([{ type: 'trials', replace: true, columns: { length: TRIALS_PER_MESSAGE } }]);
    expect((sent[0].m as TrialsMessage).more).toBeUndefined();
  });

  it("drops the slices still waiting when the cell's trials are replaced again, or the cell is deleted", async () => {
    const { client, sent, tasks } = recorder();
    const old = trialsOf(3 * TRIALS_PER_MESSAGE);
    const fresh = trialsOf(TRIALS_PER_MESSAGE + 1);
    client.replaceTrials('d', old);
    client.replaceTrials('d', fresh);
    client.replaceTrials('e', old);
    client.delete('e');
    await tasks(8);
    const d = sent.map((s) => s.m).filter((m): m is TrialsMessage => isTrials(m) && m.id === 'd');
    expect(d.map((m) => [m.replace, m.columns.length])).toEqual([[true, TRIALS_PER_MESSAGE], [true, TRIALS_PER_MESSAGE], [false, 1]]);
    expect(idsOf(d.slice(1))).toEqual(fresh.map((t) => t.id));
    expect(sent.map((s) => s.m).filter((m) => 'id' in m && m.id === 'e').map((m) => m.type)).toEqual(['delete']);
  });

  it('leaves the sandbox with the same trials as one message did, and the experiment recomputes once, with all of them', async () => {
    const transport = createInProcessSandbox();
    const client = new SandboxClient(transport, () => Promise.reject(new Error('no')));
    const spec = { endpoint: 'local', models: ['m'], tasks: Array.from({ length: TRIALS_PER_MESSAGE + 500 }, (_, i) => `task ${i}`), prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 2 };
    const plan = expandPlan(validateSpec(spec), endpointIdentity('local', {}));
    const trials = plan.map((p) => makeTrial({ key: p.key, model: p.model, taskId: p.taskId, task: p.task, repetition: p.repetition, raw: String(1 + (p.repetition % 7)) }));
    const views: string[] = [];
    let pending = 0;
    const names = ['ratings', 'n'];
    client.define('d', { kind: 'experiment', name: 'ratings', source: JSON.stringify(spec) }, names, { pending() {}, fulfilled() {}, rejected() {}, spec() {} });
    client.define('q', { kind: 'query', name: 'n', source: 'ratings.numRows()' }, names, { pending: () => void pending++, fulfilled: (v) => void views.push(v.kind === 'json' ? v.text : v.kind), rejected: (e) => void views.push(e.message), spec() {} });
    await client.settled();
    pending = 0;
    client.replaceTrials('d', trials);
    await client.settled();
    expect(pending).toBe(1);
    expect(views.at(-1)).toBe(String(trials.length));
    const rows = (await client.inspect('ratings')) as { trialId: string }[];
    expect(rows.map((r) => r.trialId)).toEqual(trials.map((t) => t.id));
  });
});
