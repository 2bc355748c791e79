import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as study from '../../src/study';
import type { StudyTask } from '../../src/study/task-table';
import type { CostRow } from '../../src/study/plan-cost';

const notebookPath = resolve(import.meta.dirname, '../../cells/motivation-in-llms.md');
const paperDataCsv = resolve(import.meta.dirname, '../../../shared/paper-data/data.csv');

/** The authors' 1,305 sub-tasks from ../shared/paper-data, or null when that copy is absent. */
export function paperTasks(): StudyTask[] | null {
  return existsSync(paperDataCsv) ? study.taskTable(readFileSync(paperDataCsv, 'utf8')) : null;
}

/** What the study notebook's inputs are set to (the rest keep the notebook's values). */
export interface StudyInputs {
  readonly models: string;
  readonly perCategory: number;
  readonly reps?: number;
  readonly seed?: number;
  readonly nPairs?: number;
  readonly protocol?: 'Paper (verbatim)' | 'Motivelab wording';
  /** The task set in place of the notebook's (the authors' sub-tasks, served without their pairs file). */
  readonly allTasks: readonly StudyTask[];
}

/**
 * The study notebook's query cells evaluated as the notebook evaluates them, in dependency order,
 * on the given inputs, with no trials yet (`execution` is empty): its seven designs and, through
 * `costs(planCost)`, its `costs` cell run with the given planCost in place of study.planCost.
 */
export function studyNotebook(inputs: StudyInputs): { values: Record<string, unknown>; costs: (planCost: typeof study.planCost) => Promise<(CostRow & { experiment: string })[]> } {
  const text = readFileSync(notebookPath, 'utf8');
  const values: Record<string, unknown> = {};
  for (const [, name, json] of text.matchAll(/```input (\w+)\n([\s\S]*?)\n```/g)) values[name] = (JSON.parse(json) as { value: unknown }).value;
  Object.assign(values, { ...inputs, paperData: null, execution: [], study, aq: { from: (rows: unknown) => rows } });
  const cells = [...text.matchAll(/```query (\w+)\n([\s\S]*?)\n```/g)].map(([, name, source]) => ({ name, source }));
  const wanted = ['modelList', 'tasks', 'pairs', 'paperPrompts', 'motivelabPrompts', 'prompts', 'prices', 'simParams', 'simulation', 'shared', 'criteria', 'manipulations', 'preDesign', 'breakdownDesign', 'executionDesign', 'judgeDesign', 'postDesign', 'similarDesign', 'choiceDesign'];
  let pending = cells.filter((c) => wanted.includes(c.name));
  while (pending.length) {
    const left = pending.filter((c) => {
      try {
        values[c.name] = new Function(...Object.keys(values), bodyOf(c.source))(...Object.values(values));
        return false;
      } catch (error) {
        if (error instanceof ReferenceError) return true;
        throw error;
      }
    });
    if (left.length === pending.length) throw new Error(`cannot evaluate ${left.map((c) => c.name).join(', ')}`);
    pending = left;
  }
  const costs = cells.find((c) => c.name === 'costs')!;
  return {
    values,
    costs: (planCost) => {
      const scope = { ...values, study: { ...study, planCost } };
      const run = new Function(...Object.keys(scope), `return (async () => ${costs.source})()`);
      return run(...Object.values(scope));
    },
  };
}

/** A cell's source as a function body: a block is one already, an expression is returned. */
function bodyOf(source: string): string {
  return /^\{\s*\n/.test(source) ? source : `return (${source});`;
}
