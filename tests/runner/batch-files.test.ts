import { describe, expect, it } from 'vitest';
import { expandPlan, validateSpec } from '../../src/experiments';
import { batchFiles } from '../../src/runner/batch-files';

const plan = expandPlan(
  validateSpec({
    endpoint: 'local',
    models: ['m1', 'm2', 'm3'],
    tasks: [{ id: 'a', text: 'Sort numbers.' }, { id: 'b', text: 'Write a poem.' }],
    prompt: 'Rate {{task}} from {{min}} to {{max}}.',
    scale: { min: 1, max: 10 },
    repetitions: 2,
  }),
  { baseURL: 'http://127.0.0.1:1/v1' },
);
const read = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as { custom_id: string; body: { model: string } });

describe('batchFiles', () => {
  it('mixes models in a file unless asked for one model per file', () => {
    const [only, ...rest] = batchFiles(plan);
    expect(rest).toEqual([]);
    expect(new Set(read(only.lines).map((l) => l.body.model))).toEqual(new Set(['m1', 'm2', 'm3']));
    expect(read(only.lines).map((l) => l.custom_id)).toEqual(only.keys);
  });

  it('writes one model per file, each split within the limits, every planned call once with its key', () => {
    const files = batchFiles(plan, { oneModelPerFile: true, limits: { maxRequests: 3, maxBytes: 1e6 } });
    // Four calls per model, at most three per file.
    expect(files.map((f) => [new Set(read(f.lines).map((l) => l.body.model)).size, f.lines.length])).toEqual([[1, 3], [1, 1], [1, 3], [1, 1], [1, 3], [1, 1]]);
    expect(files.map((f) => read(f.lines)[0].body.model)).toEqual(['m1', 'm1', 'm2', 'm2', 'm3', 'm3']);
    for (const f of files) expect(read(f.lines).map((l) => l.custom_id)).toEqual(f.keys);
    const keys = files.flatMap((f) => f.keys);
    expect(keys.sort()).toEqual(plan.map((p) => p.key).sort());
  });
});
