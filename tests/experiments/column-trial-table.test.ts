import { describe, expect, it } from 'vitest';
import { columnBuffers, trialColumns, type SlimTrial, type Trial } from '../../src/model';
import { ColumnTrials } from '../../src/experiments/column-trials';
import { currentTrials, trialTable, TRIAL_COLUMNS } from '../../src/experiments/trial-table';
import { makeTrial } from '../fixtures/trial';

/** Trials of every shape the table meets: retried failures, nulls, JSON fields, dependent keys, no base URL. */
function mixedTrials(): Trial[] {
  const out: Trial[] = [];
  for (let i = 0; i < 120; i++) {
    // 60 keys, each tried twice.
    const key = `m${i % 3}|t${i % 20}|none|r1|h${i % 20}|e`;
    const failed = i % 11 === 0 || i === 60;
    out.push(makeTrial({
      key, model: `m${i % 3}`, taskId: `t${i % 40}`, task: `Task ${i % 40}`, condition: i % 2 ? 'money' : 'none',
      status: failed ? 'failed' : i % 7 === 0 ? 'unparsed' : 'ok', value: failed || i % 7 === 0 ? null : i % 10,
      raw: failed ? null : `reply ${i} — ünïcode ✓ ${'x'.repeat(i % 5)}`, parseError: i % 7 === 0 ? 'no number' : null,
      errorKind: failed ? 'server' : null, errorMessage: failed ? 'HTTP 500' : null, httpStatus: failed ? 500 : 200,
      promptTokens: failed ? null : i, completionTokens: failed ? null : 2, latencyMs: i % 13 === 0 ? null : i * 1.5,
      endedAt: 5000 + (i % 17), startedAt: 4000 + i,
      ...(i % 4 === 0 && { baseURL: 'http://127.0.0.1:1/v1' }),
      ...(i % 3 === 0 && { fields: { interest: i % 7, ...(i % 2 ? { effort: 3 } : {}) } }),
      ...(i % 5 === 0 && { text: i % 10 ? 'because' : null }),
      ...(i % 6 === 0 && { parentKey: `p|${i}` }),
      ...(i % 8 === 0 && { cached: true }),
    }));
  }
  return out;
}

/** The trials as the sandbox receives them: columns, cloned with their buffers moved, in batches. */
function received(trials: readonly SlimTrial[], batches: number[]): ColumnTrials {
  const stored = new ColumnTrials();
  let at = 0;
  for (const size of batches) {
    const columns = trialColumns(trials.slice(at, at + size));
    stored.append(structuredClone(columns, { transfer: columnBuffers(columns) }));
    at += size;
  }
  return stored;
}

describe('the sandbox builds an experiment table from columns', () => {
  it('has the same columns and values as the table of trial objects, the same trials picked for the plan', () => {
    const trials = mixedTrials();
    const plan = [...new Set(trials.map((t) => t.key))].reverse().map((key) => ({ key }));
    plan.push({ key: 'never-run' });
    const messages = new Map(plan.map((p, i) => [p.key, [{ role: 'user' as const, content: `planned ${i}` }]]));
    const fields = ['interest', 'effort', 'absent'];
    const expected = trialTable(currentTrials(trials, plan), fields, (t) => messages.get(t.key) ?? null);
    const stored = received(trials, [50, 1, 69]);
    const order = new Map(plan.map((p, i) => [p.key, i]));
    const table = stored.table(stored.current(order), fields, (key) => messages.get(key) ?? null);
    expect(table.columnNames()).toEqual(expected.columnNames());
    expect(table.columnNames()).toEqual([...TRIAL_COLUMNS.slice(0, 6), 'reply_interest', 'reply_effort', 'reply_absent', ...TRIAL_COLUMNS.slice(6)]);
    expect(table.objects()).toEqual(expected.objects());
    expect(table.numRows()).toBe(60);
    // A retried failure is replaced by its answer; a key whose every attempt failed keeps its latest failure.
    expect(table.array('status')).toContain('failed');
    expect(new Set(table.array('key') as string[]).size).toBe(table.numRows());
  });

  it('packs mostly distinct text once and repeated text as a dictionary', () => {
    const trials = mixedTrials();
    const columns = trialColumns(trials);
    expect(columns.text.raw.codes).toBeUndefined();
    expect(columns.text.id.codes).toBeUndefined();
    expect(columns.text.model.codes).toHaveLength(trials.length);
    expect(columns.text.status.ends.length).toBeLessThanOrEqual(4);
    expect(columns.fields.map((f) => f.name).sort()).toEqual(['effort', 'interest']);
    // Nothing of a trial's prompt or parameters goes.
    expect(JSON.stringify(Object.keys(columns.text))).not.toMatch(/messages|params|notebookId|cellId/);
  });

  it('reads what the relay cannot check per row as null or empty text, never throwing', () => {
    const columns = trialColumns([makeTrial({ key: 'k1' }), makeTrial({ key: 'k2' })]);
    const model = columns.text.model;
    const key = columns.text.key;
    const broken = {
      ...columns,
      text: { ...columns.text, model: { ...model, codes: new Uint32Array([7, 4_000_000_000]) }, raw: { ...columns.text.raw, ends: new Uint32Array([4_000_000_000, 1]) } },
    };
    const stored = new ColumnTrials();
    stored.append(broken);
    const order = new Map([...new Set([key.text.slice(0, key.ends[0]), key.text.slice(key.ends[0])])].map((k, i) => [k, i]));
    const rows = stored.table(stored.current(order), [], () => null).objects() as Record<string, unknown>[];
    expect(rows.map((r) => r.model)).toEqual([null, null]);
    expect(rows.map((r) => typeof r.raw)).toEqual(['string', 'string']);
  });
});
