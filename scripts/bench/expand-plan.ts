/**
 * What expanding the study's plans costs, before and after the faster expansion, in one run (the
 * machine is shared and noisy, so the two are timed alternately and the best of three kept): the
 * seven designs of cells/motivation-in-llms.md with the paper's prompts, the authors' 1,305
 * sub-tasks and 1,500 pairs (`../shared/paper-data`), 11 framings, n = 2, the simulated endpoint
 * with the notebook's simulation (its 1,305 tasks), post/similar continuing and the judge
 * evaluating execution trials that carry ~2 KB answers. `BENCH_MODELS` models (default 1: 143,805
 * calls; 5: 719,025). Also the heap the page holds for the plans, whole (before) and as
 * NotebookIdentity keeps them now.
 * Run: `node --expose-gc node_modules/.bin/tsx scripts/bench/expand-plan.ts`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandPlan } from '../../src/experiments/expand-plan';
import { validateSpec } from '../../src/experiments/validate-spec';
import { loadPaperData } from '../../src/study/load-paper-data';
import { DEFAULT_SIM_PARAMS } from '../../src/study';
import { SIMULATED_ENDPOINT, type EndpointIdentity, type ExperimentSpec, type PlannedTrial } from '../../src/model';
import { oldExpandPlan as oracleExpandPlan } from '../../tests/experiments/expand-plan-oracle';

// `BENCH_OLD_ROOT`: a checkout whose expandPlan is "old" (e.g. `git archive <commit> src | tar -x -C dir`); the oracle otherwise.
type Expand = (spec: ExperimentSpec, endpoint: EndpointIdentity) => PlannedTrial[];
const oldExpandPlan: Expand = process.env.BENCH_OLD_ROOT ? (await import(resolve(process.env.BENCH_OLD_ROOT, 'src/experiments/expand-plan.ts'))).expandPlan : oracleExpandPlan;
import { planFacts } from '../../src/experiments/plan-facts';

const MODELS = Array.from({ length: Number(process.env.BENCH_MODELS ?? 1) }, (_, i) => `participant-${i + 1}`);
const dir = resolve(import.meta.dirname, '../../../shared/paper-data');
const paper = await loadPaperData(async (url) => ({ ok: true, status: 200, text: async () => readFileSync(resolve(dir, url.split('/').pop()!), 'utf8') }), { baseUrl: 'file:' });
const notebook = readFileSync(resolve(import.meta.dirname, '../../cells/motivation-in-llms.md'), 'utf8');
// The cells are JavaScript object literals; the bench evaluates them as the notebook would.
const cell = (name: string) => notebook.match(new RegExp('```query ' + name + '\\n([\\s\\S]*?)\\n```'))![1];
const prompts = new Function(`return ${cell('paperPrompts')}`)();
const manipulations = new Function(`return ${cell('manipulations')}`)();
const endpoint: EndpointIdentity = { baseURL: SIMULATED_ENDPOINT.baseURL };
const shared = { endpoint: 'simulated', seed: undefined, protocol: prompts.name, simulation: { ...DEFAULT_SIM_PARAMS, tasks: paper.tasks, conditions: manipulations } };
const reps = 2;
const WORDS = 'the answer walks through each step of the task explains the reasoning and checks every part against the goal so a reader can follow'.split(' ');
const answer = (i: number) => Array.from({ length: 330 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ');

const base = { ...shared, models: MODELS, tasks: paper.tasks, conditions: manipulations, repetitions: reps };
const designs: Record<string, (execution: unknown[]) => unknown> = {
  pre: () => ({ ...base, prompt: prompts.pre.prompt, measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score', text: 'answer' }, scale: { min: 1, max: 100 }, n: 2, maxTokens: 100 }),
  breakdown: () => ({ ...base, prompt: prompts.breakdown.prompt, measure: { kind: 'json', fields: ['interest', 'challenge', 'mastery', 'fear', 'value', 'motivation'], value: 'motivation' }, scale: { min: 1, max: 100 }, n: 2, maxTokens: 100 }),
  execution: () => ({ ...base, prompt: prompts.execution.prompt, measure: 'text', scale: { min: 0, max: 1000 }, repetitions: 1, maxTokens: 1000 }),
  judge: (execution) => ({ ...shared, models: ['judge'], evaluates: execution, criteria: prompts.criteria, prompt: prompts.judge.prompt, scale: { min: 1, max: 7 }, repetitions: reps, n: 2, maxTokens: 100 }),
  post: (execution) => ({ ...shared, models: MODELS, continues: execution, prompt: prompts.post.prompt, measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score' }, scale: { min: 1, max: 100 }, repetitions: reps, n: 2, maxTokens: 30 }),
  similar: (execution) => ({ ...shared, models: MODELS, continues: (execution as { condition: string }[]).filter((d) => d.condition === 'none'), prompt: prompts.similar.prompt, measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score' }, scale: { min: 1, max: 100 }, repetitions: reps, n: 2, maxTokens: 30 }),
  choice: () => ({ ...base, tasks: paper.pairs.slice(0, 1500), conditions: manipulations.filter((m: { name: string; choicePrefix?: string }) => m.name === 'none' || m.choicePrefix).map((m: { choicePrefix?: string }) => (m.choicePrefix ? { ...m, choicePrefix: prompts.choiceNote + m.choicePrefix } : m)), prompt: prompts.choice.prompt, measure: { kind: 'choice', options: 2, text: 'explanation' }, stop: prompts.choice.stop, scale: { min: 1, max: 2 }, n: 2, maxTokens: 100 }),
};

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heap = () => (gc(), gc(), process.memoryUsage().heapUsed);
const time = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

const specs: Record<string, ExperimentSpec> = {};
let executionRows: unknown[] = [];
for (const [name, design] of Object.entries(designs)) {
  specs[name] = validateSpec(design(executionRows));
  if (name === 'execution') executionRows = expandPlan(specs[name], endpoint).map((p, i) => ({ ...p, raw: answer(i), status: 'ok' }));
}
if (specs.judge.from) specs.judge = validateSpec(designs.judge(executionRows));
for (const name of ['judge', 'post', 'similar']) specs[name] = validateSpec(designs[name](executionRows));

console.log(`models ${MODELS.length}; ms to expand (best of 3, old and new alternated)`);
console.log('design      calls    old ms   new ms  same keys+messages');
let oldTotal = 0;
let newTotal = 0;
let calls = 0;
for (const [name, spec] of Object.entries(specs)) {
  // `BENCH_ONLY=judge`: one design (to profile it).
  if (process.env.BENCH_ONLY && name !== process.env.BENCH_ONLY) continue;
  let old = Infinity;
  let now = Infinity;
  // `BENCH_SIDE=old` or `new`: time one side only (to profile it alone).
  const side = process.env.BENCH_SIDE;
  for (let i = 0; i < 3; i++) {
    if (side !== 'new') old = Math.min(old, time(() => oldExpandPlan(spec, endpoint)));
    if (side !== 'old') now = Math.min(now, time(() => expandPlan(spec, endpoint)));
  }
  const a = oldExpandPlan(spec, endpoint);
  const b = expandPlan(spec, endpoint);
  // The simulation (with the study's 1,305 tasks) is one object per plan: compared once, not stringified per call.
  const without = (p: PlannedTrial) => JSON.stringify({ ...p, simulation: undefined });
  const same = a.length === b.length && a.every((p, i) => p.key === b[i].key && p.simulation === b[i].simulation && without(p) === without(b[i]));
  console.log(`${name.padEnd(10)} ${String(a.length).padStart(7)} ${old.toFixed(0).padStart(8)} ${now.toFixed(0).padStart(8)}  ${same}`);
  oldTotal += old;
  newTotal += now;
  calls += a.length;
}
console.log(`${'total'.padEnd(10)} ${String(calls).padStart(7)} ${oldTotal.toFixed(0).padStart(8)} ${newTotal.toFixed(0).padStart(8)}  (${((newTotal / calls) * 1e5).toFixed(0)} ms per 100k calls now)`);

// What a plan holds (the sandbox keeps each plan's messages): rendered prompts that were never flattened share their pieces.
for (const [label, expand] of [['old', oldExpandPlan], ['new', expandPlan]] as const) {
  // Measured as what dropping them frees (a baseline taken before was thrown off by the timing runs' garbage).
  const plans = Object.entries(specs).filter(([name]) => !process.env.BENCH_ONLY || name === process.env.BENCH_ONLY).map(([, s]) => expand(s, endpoint));
  const held = heap();
  const designs = plans.length;
  plans.length = 0;
  console.log(`plans held, ${label}: ${((held - heap()) / 2 ** 20).toFixed(0)} MB (${designs} designs)`);
}

// What the page keeps per design: before, NotebookIdentity held every PlannedTrial (messages included).
const h0 = heap();
const whole = Object.values(specs).map((s) => oldExpandPlan(s, endpoint));
const wholeBytes = heap() - h0;
whole.length = 0;
const h1 = heap();
const facts = Object.values(specs).map((s) => planFacts(expandPlan(s, endpoint)));
const factsBytes = heap() - h1;
console.log(`page-held plans (heap after gc): whole plans ${(wholeBytes / 2 ** 20).toFixed(0)} MB, plan facts ${(factsBytes / 2 ** 20).toFixed(0)} MB (${facts.length} designs)`);
