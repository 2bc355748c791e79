import { describe, expect, it } from 'vitest';
import type { Trial } from '../../src/model';
import { trialRows } from '../../src/experiments/trial-rows';
import { TRIAL_COLUMNS, trialTable } from '../../src/experiments/trial-table';
import { REPLY_PREFIX, replyColumn } from '../../src/experiments/reply-column';
import { breakdownStructure, note, reportPerformance } from '../../src/study';
import { seededRandom } from '../../src/analysis/seeded-random';

function trial(over: Record<string, unknown>): Trial {
  return {
    id: 't', runId: 'r', key: 'k', model: 'm', taskId: 't1', task: 'T', condition: 'none', repetition: 1, status: 'ok', value: 1, raw: '{}',
    parseError: null, errorKind: null, errorMessage: null, finishReason: 'stop', promptTokens: 1, completionTokens: 1, latencyMs: 1,
    startedAt: 0, endedAt: 0, messages: [], params: {}, responseModel: null, httpStatus: 200, ...over,
  } as unknown as Trial;
}

describe('parsed reply fields and trial columns', () => {
  it('no trial column can be taken for a reply field', () => {
    const keys = Object.keys(trialRows([trial({})])[0]);
    expect(keys.length).toBeGreaterThan(20);
    for (const k of [...keys, ...TRIAL_COLUMNS]) expect(k.startsWith(REPLY_PREFIX), k).toBe(false);
  });

  it('keeps a field named like any trial column beside it, in the table as in the rows', () => {
    const names = ['value', 'text', 'model', 'status', 'key', 'task', 'condition', 'raw'];
    const t = trial({ value: 90, fields: Object.fromEntries(names.map((n, i) => [n, i + 1])) });
    const row = trialRows([t], names)[0] as Record<string, unknown>;
    expect(row).toMatchObject({ value: 90, model: 'm', status: 'ok', key: 'k', task: 'T', condition: 'none', raw: '{}' });
    names.forEach((n, i) => expect(row[replyColumn(n)], n).toBe(i + 1));
    const table = trialTable([t], names);
    expect(table.get('value', 0)).toBe(90);
    expect(table.get('reply_value', 0)).toBe(1);
    expect(table.get('model', 0)).toBe('m');
    expect(table.get('reply_model', 0)).toBe(3);
  });
});

describe('analyses read the columns the paper reads', () => {
  it('the factor analysis sees the item "value", not overall motivation', () => {
    // Interest, challenge and mastery follow a latent; the item "value" is noise; overall motivation follows the latent.
    const random = seededRandom(3);
    const trials = Array.from({ length: 40 }, (_, i) => {
      const want = random() * 60 + 20;
      const able = random() * 60 + 20;
      const motivation = Math.round(0.7 * want + 0.3 * able);
      const fields = { interest: Math.round(want + random() * 5), challenge: Math.round(want + random() * 5), mastery: Math.round(able + random() * 5), fear: Math.round(100 - able + random() * 5), value: Math.round(random() * 100), motivation };
      return trial({ id: `t${i}`, key: `k${i}`, taskId: `s${i}`, value: motivation, fields });
    });
    const result = breakdownStructure(trialTable(trials, ['interest', 'challenge', 'mastery', 'fear', 'value', 'motivation']));
    if (!('loadings' in result)) throw new Error(String(result));
    const value = result.loadings.find((l) => l.item === 'value')!;
    // Read from the trial's value (motivation = 0.7 want + 0.3 able) the item would load ≥ 0.8 on want.
    expect(Math.abs(value.want)).toBeLessThan(0.5);
    expect(result.loadings.find((l) => l.item === 'interest')!.want).toBeGreaterThan(0.8);
  });

  it("Table 1's length correlations come from the answers and stay when the judge failed", () => {
    const pre = Array.from({ length: 8 }, (_, i) => trial({ id: `p${i}`, key: `p${i}`, taskId: `s${i}`, value: 10 + 10 * i }));
    const execution = Array.from({ length: 8 }, (_, i) => trial({ id: `e${i}`, key: `e${i}`, taskId: `s${i}`, value: null, status: 'ok', completionTokens: 100 + 30 * i + (i % 2) * 7 }));
    const rows = reportPerformance({ pre: trialTable(pre) }, { judged: note('no parsed judge scores yet: 0 of 8 judge replies parsed'), execution: trialTable(execution), criteria: ['task_completion'] });
    const tokens = rows.find((r) => r.outcome === 'tokens')!;
    expect(tokens).toMatchObject({ report: 'pre', n: 8, needs: null });
    expect(tokens.r).toBeGreaterThan(0.95);
    expect(rows.find((r) => r.outcome === 'performance')).toMatchObject({ r: null, n: 0, needs: 'no parsed judge scores yet: 0 of 8 judge replies parsed' });
    expect(rows.some((r) => r.outcome === 'task_completion')).toBe(false);
  });
});
