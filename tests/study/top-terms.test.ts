import { describe, expect, it } from 'vitest';
import { topTerms } from '../../src/study/top-terms';

describe('study.topTerms', () => {
  it('counts every reply, a text that repeats as often as it occurs, and ranks terms by tf-idf per score bin', () => {
    const low = 'The task seems boring and tedious; it offers dull work.';
    const high = 'The task seems creative and exciting; it offers meaningful work with a sense of purpose.';
    const rows = [
      ...Array.from({ length: 3 }, () => ({ status: 'ok', value: 10, text: low })),
      { status: 'ok', value: 90, text: high },
      { status: 'ok', value: 95, text: high },
      { status: 'unparsed', value: null, text: high },
    ];
    const out = topTerms(rows, { top: 5 });
    const bins = [...new Set(out.map((r) => r.bin))];
    expect(bins).toEqual(['1-20', '81-100']);
    expect(out.filter((r) => r.bin === '1-20').every((r) => r.reasons === 3)).toBe(true);
    expect(out.filter((r) => r.bin === '81-100').every((r) => r.reasons === 2)).toBe(true);
    // "work" is in both bins: no tf-idf weight. Terms of one bin only: counted once per reply.
    expect(out.map((r) => r.term)).not.toContain('work');
    const boring = out.find((r) => r.term === 'boring');
    expect(boring?.count).toBe(3);
    expect(out.find((r) => r.term === 'creative')?.count).toBe(2);
    // The same rows give the same table (the per-text cache is per call).
    expect(topTerms(rows, { top: 5 })).toEqual(out);
  });
});
