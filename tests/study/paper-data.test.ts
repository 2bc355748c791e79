import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPaperData, PAPER_DATA_URL, sampleTasks, makePairs, pairTable, planCost, taskTable } from '../../src/study';

const dir = resolve(__dirname, '../../../shared/paper-data');
const hasPaperData = existsSync(resolve(dir, 'data.csv'));

/** A fetch that serves the local copies of the authors' files under their public URL, and records what was asked. */
function localFetch(asked: string[]) {
  return async (url: string) => {
    asked.push(url);
    const file = url.slice(PAPER_DATA_URL.length + 1);
    const path = resolve(dir, file);
    return existsSync(path) && url.startsWith(PAPER_DATA_URL) ? new Response(readFileSync(path, 'utf8')) : new Response('Not Found', { status: 404 });
  };
}

describe('the study\'s own task set and choice pairs', () => {
  if (!hasPaperData) return it.skip('needs ../shared/paper-data');

  it('load from the authors\' repository URL and validate: 1,305 sub-tasks, 15 categories, 1,500 pairs', async () => {
    const asked: string[] = [];
    const data = await loadPaperData(localFetch(asked));
    expect(asked.sort()).toEqual([`${PAPER_DATA_URL}/data.csv`, `${PAPER_DATA_URL}/subtask_pairs_manipulation.json`]);
    expect(data.tasks).toHaveLength(1305);
    expect(new Set(data.tasks.flatMap((t) => t.categories)).size).toBe(15);
    expect(data.tasks.some((t) => t.categories.length > 1)).toBe(true);
    expect(data.tasks[0]).toMatchObject({ id: '1', text: 'Write a Python program to solve the quadratic equation ax^2 + bx + c = 0.', categories: ['Programming and Technology', 'Mathematics and Numbers'] });
    expect(data.pairs).toHaveLength(1500);
    expect(data.pairs.every((p) => p.task1Id !== p.task2Id && (p.manipulated === 1 || p.manipulated === 2))).toBe(true);
    // The manipulated side is balanced, as the authors randomised it.
    const first = data.pairs.filter((p) => p.manipulated === 1).length / 1500;
    expect(first).toBeGreaterThan(0.4);
    expect(first).toBeLessThan(0.6);
  });

  it('samples a stratified classroom set from it, the same for the same seed', async () => {
    const { tasks } = await loadPaperData(localFetch([]));
    const a = sampleTasks(tasks, { perCategory: 4, seed: 7 });
    expect(a.map((t) => t.id)).toEqual(sampleTasks(tasks, { perCategory: 4, seed: 7 }).map((t) => t.id));
    expect(a.map((t) => t.id)).not.toEqual(sampleTasks(tasks, { perCategory: 4, seed: 8 }).map((t) => t.id));
    const perCategory = new Map<string, number>();
    for (const t of a) for (const c of t.categories) perCategory.set(c, (perCategory.get(c) ?? 0) + 1);
    expect(perCategory.size).toBe(15);
    for (const n of perCategory.values()) expect(n).toBeGreaterThanOrEqual(4);
  });

  it('estimates the full pre-task run at list prices with a real tokenizer', async () => {
    const { tasks } = await loadPaperData(localFetch([]));
    const rows = await planCost(
      { endpoint: 'openai', models: ['gpt-4o-mini'], tasks, prompt: 'How motivated are you to do the following task:\nTASK: {{task}}\nReply with JSON {"answer": …, "motivation_score": {{min}}-{{max}}}', measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score', text: 'answer' }, scale: { min: 1, max: 100 }, repetitions: 2 },
      { prices: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].calls).toBe(2610);
    // About 40 prompt tokens per call: the template plus a one-line sub-task.
    expect(rows[0].promptTokens / rows[0].calls).toBeGreaterThan(25);
    expect(rows[0].promptTokens / rows[0].calls).toBeLessThan(80);
    expect(rows[0].cost).toBeGreaterThan(0.01);
    expect(rows[0].cost).toBeLessThan(0.2);
    // The Batch API at half the list price.
    expect(rows[0].batchCost).toBeCloseTo(rows[0].cost! / 2, 3);
  });
});

describe('bad paper data', () => {
  it('names the file that failed and why', async () => {
    const notFound = async () => new Response('nope', { status: 404 });
    await expect(loadPaperData(notFound)).rejects.toThrow(`Could not download data.csv from ${PAPER_DATA_URL}: HTTP 404`);
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(loadPaperData(offline)).rejects.toThrow('Failed to fetch');
    expect(() => taskTable('id,text\n1,hello')).toThrow('the task CSV lacks the column category');
  });

  it('rejects pairs that name unknown tasks or pair a task with itself', () => {
    const tasks = taskTable('id,category,text\na,Other,Task A\nb,Other,Task B');
    expect(makePairs(tasks, { n: 1, seed: 1 })).toHaveLength(1);
    expect(() => pairTable([[['a', 'zz'], 0]], tasks)).toThrow('pair 1 names the unknown task zz');
    expect(() => pairTable([[['a', 'a'], 1]], tasks)).toThrow('pair 1 pairs task a with itself');
    expect(() => pairTable([{ task1Id: 'a', task2Id: 'b', manipulated: 3 }], tasks)).toThrow('the manipulated side must be 1 or 2');
  });
});
