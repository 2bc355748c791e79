// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { columnBuffers, endpointIdentity, trialColumns, type TrialColumns } from '../../src/model';
import { expandPlan } from '../../src/experiments/expand-plan';
import { validateSpec } from '../../src/experiments/validate-spec';
import { SandboxGate } from '../../src/sandbox/sandbox-gate';
import { TRIALS_LIMITS } from '../../src/sandbox/trials-check';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import type { ToSandbox, ValueView } from '../../src/sandbox/protocol';
import { SandboxClient } from '../../src/state/sandbox-client';
import { makeTrial } from '../fixtures/trial';

/**
 * The relay frame passes trials on as columns without reading them per trial: its check is of the
 * columnar shape and its bounds. Anything else a message on that port may carry (rows, a forged
 * typed array, a buffer shared by two columns or too big for its column, an extra field) is refused
 * or left behind, and the gate never throws.
 */
const good = () => trialColumns([makeTrial({ fields: { interest: 3 } }), makeTrial({ text: 'why' })]);
const message = (columns: unknown, extra: Record<string, unknown> = {}) => ({ type: 'trials', id: 'd', columns, replace: true, ...extra });
/** The columns as an attacker may shape them: any field, any value. */
type Forged = { length: unknown; text: Record<string, unknown>; numbers: Record<string, unknown>; fields: unknown };
const withColumns = (patch: (c: Forged) => void) => {
  const c = structuredClone(good()) as unknown as Forged;
  c.text = { ...c.text };
  c.numbers = { ...c.numbers };
  patch(c);
  return message(c);
};

describe('the relay checks trials by their columns', () => {
  it('passes a well-formed message, rebuilt from its checked fields, with every buffer to move', () => {
    const columns = good();
    const admitted = new SandboxGate().admit(message(columns, { trials: [{ apiKey: 'sk-x' }], extra: 1 }));
    expect(admitted).not.toBeNull();
    expect(Object.keys(admitted!.message)).toEqual(['type', 'id', 'columns', 'replace']);
    expect(new Set(admitted!.transfer)).toEqual(new Set(columnBuffers(columns)));
    // A slice with more to follow says so (the sandbox recomputes the cell with the last).
    expect(new SandboxGate().admit(message(good(), { more: true }))!.message).toMatchObject({ more: true });
    // The same typed arrays, not copies: the check reads no trial.
    expect((admitted!.message as { columns: TrialColumns }).columns.numbers.value.values).toBe(columns.numbers.value.values);
  });

  it('refuses every malformed shape, and never throws', () => {
    const gate = new SandboxGate();
    const shared = new Uint8Array(2);
    const forged: [string, unknown][] = [
      ['rows instead of columns', { type: 'trials', id: 'd', trials: [makeTrial()], replace: true }],
      ['no columns', message(null)],
      ['a string id that is not text', { ...message(good()), id: 42 }],
      ['replace not a boolean', { ...message(good()), replace: 'yes' }],
      ['more not a boolean', { ...message(good()), more: 1 }],
      ['a missing text column', withColumns((c) => delete c.text.key)],
      ['a missing number column', withColumns((c) => delete c.numbers.endedAt)],
      ['a plain array for ends', withColumns((c) => (c.text.raw = { ...(c.text.raw as object), ends: [1, 2] }))],
      ['an array-like object', withColumns((c) => (c.numbers.value = { values: { length: 2, 0: 1, 1: 2 }, nulls: new Uint8Array(2) }))],
      ['the wrong typed array', withColumns((c) => (c.numbers.value = { values: new Float32Array(2), nulls: new Uint8Array(2) }))],
      ['text that is not a string', withColumns((c) => (c.text.raw = { ...(c.text.raw as object), text: ['a'] }))],
      ['a column of another length', withColumns((c) => (c.numbers.value = { values: new Float64Array(3), nulls: new Uint8Array(3) }))],
      ['codes of another length', withColumns((c) => (c.text.model = { ...(c.text.model as object), codes: new Uint32Array(5) }))],
      ['a length past the bounds', withColumns((c) => (c.length = TRIALS_LIMITS.trials + 1))],
      ['a length that is not whole', withColumns((c) => (c.length = 1.5))],
      ['one buffer for two columns', withColumns((c) => (c.numbers.value = { values: new Float64Array(2), nulls: shared }, c.numbers.httpStatus = { values: new Float64Array(2), nulls: shared }))],
      ['a view into a bigger buffer', withColumns((c) => (c.numbers.value = { values: new Float64Array(new ArrayBuffer(1 << 20), 8, 2), nulls: new Uint8Array(2) }))],
      ['a shared buffer', withColumns((c) => (c.numbers.value = { values: new Float64Array(new SharedArrayBuffer(16)), nulls: new Uint8Array(2) }))],
      ['too many JSON fields', withColumns((c) => (c.fields = Array.from({ length: TRIALS_LIMITS.fields + 1 }, (_, i) => ({ name: `f${i}`, column: { values: new Float64Array(2), nulls: new Uint8Array(2) } }))))],
      ['a JSON field named twice', withColumns((c) => (c.fields = ['a', 'a'].map((name) => ({ name, column: { values: new Float64Array(2), nulls: new Uint8Array(2) } }))))],
      ['a JSON field without a name', withColumns((c) => (c.fields = [{ name: 7, column: { values: new Float64Array(2), nulls: new Uint8Array(2) } }]))],
    ];
    for (const [what, m] of forged) {
      let admitted: unknown = 'threw';
      try {
        admitted = gate.admit(m);
      } catch {
        // recorded as 'threw'
      }
      expect(admitted, what).toBeNull();
    }
    for (const m of [null, 3, 'trials', [], { type: 7 }]) expect(gate.admit(m)).toBeNull();
  });

  it('lets no trials message out from the cells\' side: that way carries designs and views only', () => {
    const gate = new SandboxGate();
    gate.toCells({ type: 'define', id: 'd', cell: { kind: 'experiment', name: 'd', source: '1' }, names: ['d'] });
    // Unknown on that way: the cell it names shows an error, nothing else passes.
    expect(gate.fromCells(message(good()))).toMatchObject({ type: 'rejected', id: 'd', error: { message: expect.stringMatching(/unknown type \(trials\)/) } });
    expect(gate.fromCells(message(good(), { id: 'nobody' }))).toBeNull();
  });

  it('leaves a smuggled column behind: the sandbox never sees it', () => {
    const c = good() as TrialColumns & { text: Record<string, unknown> };
    const admitted = new SandboxGate().admit(message({ ...c, text: { ...c.text, messages: { text: 'secret', ends: new Uint32Array(2), nulls: new Uint8Array(2) } }, apiKey: 'sk-x' }));
    expect(JSON.stringify(Object.keys((admitted!.message as { columns: TrialColumns }).columns.text))).not.toContain('messages');
    expect(Object.keys((admitted!.message as { columns: TrialColumns }).columns)).toEqual(['length', 'text', 'numbers', 'fields']);
  });

  it('a forged trials message on the way in leaves the cell without trials; the page\'s next ones arrive', async () => {
    const transport = createInProcessSandbox();
    const client = new SandboxClient(transport, () => Promise.reject(new Error('no')));
    const views: ValueView[] = [];
    client.define('n', { kind: 'query', name: 'n', source: 'ratings.numRows()' }, ['ratings', 'n'], { pending() {}, fulfilled: (v) => views.push(v), rejected() {}, spec() {} });
    client.define('d', { kind: 'experiment', name: 'ratings', source: "({ endpoint: 'local', models: ['m'], tasks: ['a'], prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 })" }, ['ratings', 'n'], { pending() {}, fulfilled() {}, rejected() {}, spec() {} });
    await client.settled();
    const [planned] = expandPlan(validateSpec({ endpoint: 'local', models: ['m'], tasks: ['a'], prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 }), endpointIdentity('local', {}));
    const trial = makeTrial({ key: planned.key });
    const columns = structuredClone(trialColumns([trial])) as TrialColumns & { numbers: Record<string, unknown> };
    transport.post({ type: 'trials', id: 'd', trials: [trial], replace: true } as unknown as ToSandbox);
    transport.post(message({ ...columns, numbers: { ...columns.numbers, value: { values: new Float32Array(1), nulls: new Uint8Array(1) } } }) as unknown as ToSandbox);
    await client.settled();
    expect(views.at(-1)).toEqual({ kind: 'json', text: '0' });
    client.replaceTrials('d', [trial]);
    await client.settled();
    expect(views.at(-1)).toEqual({ kind: 'json', text: '1' });
  });
});
