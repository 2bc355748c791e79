/**
 * The study notebook's `costs` cell (seven study.planCost calls) at the study's full design: the
 * authors' 1,305 sub-tasks (../shared/paper-data, or `SCALE_PAPER_DATA`), five models, the
 * notebook's framings, 1,500 pairs, two responses, the paper's protocol. Times planCost as it is
 * and the old algorithm (the whole plan expanded and grouped; tests/study/old-plan-cost.ts) side
 * by side in one process, checks they give the same rows, and times a design of 10 million calls.
 */
import { planCost } from '../../src/study/plan-cost';
import { taskTable } from '../../src/study/task-table';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { oldPlanCost } from '../../tests/study/old-plan-cost';
import { studyNotebook } from '../../tests/study/study-designs';

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await run();
  return { ms: performance.now() - t, value };
}

export async function planCostBench(): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  const dir = process.env.SCALE_PAPER_DATA ?? resolve(import.meta.dirname, '../../../shared/paper-data');
  const allTasks = taskTable(readFileSync(resolve(dir, 'data.csv'), 'utf8'));
  const models = Array.from({ length: 5 }, (_, i) => `participant-${'abcde'[i]}`).join(', ');
  const notebook = studyNotebook({ models, perCategory: 250, reps: 2, nPairs: 1500, protocol: 'Paper (verbatim)', allTasks });
  // The tokenizer loads once per page: load it before either is timed.
  await planCost({ endpoint: 'e', models: ['m'], tasks: ['warm up'], prompt: '{{task}}', scale: { min: 1, max: 2 }, repetitions: 1 });
  const now = await timed(() => notebook.costs(planCost));
  const before = await timed(() => notebook.costs(oldPlanCost));
  const again = await timed(() => notebook.costs(planCost));
  const newMs = Math.min(now.ms, again.ms);
  const total = now.value.find((r) => r.experiment === 'total')!;
  rows.push([`plan-cost: the costs cell, full design (${total.responses.toLocaleString('en')} trials, ${total.calls.toLocaleString('en')} calls)`, `old ${(before.ms / 1000).toFixed(1)} s, new ${newMs.toFixed(0)} ms (runs ${now.ms.toFixed(0)} and ${again.ms.toFixed(0)} ms), ${(before.ms / newMs).toFixed(0)}× faster`]);
  rows.push(['plan-cost: same rows as the old algorithm', JSON.stringify(now.value) === JSON.stringify(before.value) ? 'yes, all 36 rows identical' : `NO: ${JSON.stringify(now.value)} vs ${JSON.stringify(before.value)}`]);
  const tasks = Array.from({ length: 100_000 }, (_, i) => ({ id: `k${i}`, text: `Sub-task ${i}` }));
  const conditions = Array.from({ length: 10 }, (_, i) => ({ name: `c${i}`, prefix: `Framing ${i}` }));
  const huge = await timed(() => planCost({ endpoint: 'e', models: models.split(', '), tasks, conditions, prompt: '{{prefix}}\n{{task}}', scale: { min: 1, max: 100 }, repetitions: 2 }));
  rows.push([`plan-cost: a design of ${huge.value.reduce((s, r) => s + r.calls, 0).toLocaleString('en')} calls (new only)`, `${huge.ms.toFixed(0)} ms`]);
  return rows;
}
