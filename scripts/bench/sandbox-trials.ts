/**
 * The sandbox's side of opening a big notebook and of recomputing it after an input change, in
 * Node over the in-process sandbox (the same engine, gate and messages as the iframe, each
 * message cloned as postMessage does): two experiments of T tasks × 4 models × 2 repetitions, a
 * judge evaluating the first, analyses reading them and an input `seed` that every cell reads
 * (the experiments' designs do not change with it). Prints the time to settle after the trials
 * are sent, after `seed` changes, the heap after each, and what the relay does to one experiment's
 * trials message (check + clone). `BENCH_ROOT` picks the source tree (to measure another
 * checkout side by side); `BENCH_TASKS` the size (default 4,000: 96,000 trials).
 * Run: `node --expose-gc node_modules/.bin/tsx scripts/bench/sandbox-trials.ts`.
 */
import { resolve } from 'node:path';

const root = resolve(process.env.BENCH_ROOT ?? resolve(import.meta.dirname, '../..'));
const TASKS = Number(process.env.BENCH_TASKS ?? 4000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heap = () => (gc(), gc(), process.memoryUsage().heapUsed);
/** The heap now, and how much more than before any trial reached the sandbox (what the sandbox and client keep). */
const mb = () => {
  const now = heap();
  return `${Math.round(now / 2 ** 20)} MB heap (+${Math.round((now - heapBefore) / 2 ** 20)} MB)`;
};
let heapBefore = 0;

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const model: Any = await import(`${root}/src/model/index.ts`);
const { expandPlan }: Any = await import(`${root}/src/experiments/expand-plan.ts`);
const { validateSpec }: Any = await import(`${root}/src/experiments/validate-spec.ts`);
const { createInProcessSandbox }: Any = await import(`${root}/src/sandbox/in-process-transport.ts`);
const { SandboxClient }: Any = await import(`${root}/src/state/sandbox-client.ts`);
const { SandboxGate }: Any = await import(`${root}/src/sandbox/sandbox-gate.ts`);

const tasks = Array.from({ length: TASKS }, (_, i) => ({ id: `t${i}`, text: `Task number ${i}: write about topic ${i % 97}` }));
const design = (prompt: string) => ({ endpoint: 'simulated', models: ['a', 'b', 'c', 'd'], tasks, prompt, scale: { min: 1, max: 10 }, repetitions: 2 });
const preSpec = design('How motivated are you to do {{task}}? Answer {{min}}-{{max}}.');
const postSpec = design('Having done {{task}}, how motivated are you now? Answer {{min}}-{{max}}.');
const judge = (upstream: unknown) => ({ endpoint: 'simulated', models: ['judge'], evaluates: upstream, prompt: 'Rate this answer: {{answer}}', scale: { min: 1, max: 7 }, repetitions: 1 });
const JUDGE_SOURCE = `({ endpoint: 'simulated', models: ['judge'], evaluates: pre, prompt: 'Rate this answer: {{answer}}', scale: { min: 1, max: 7 }, repetitions: seed >= 0 ? 1 : 2 })`;
const expSource = (spec: object) => `({ ...${JSON.stringify(spec)}, repetitions: seed >= 0 ? 2 : 3 })`;

let n = 0;
const trialsOf = (plan: Any[], cellId: string) => plan.map((p) => ({
  id: `tr${n++}`, runId: 'run1', notebookId: 'nb', cellId, key: p.key, endpointName: 'simulated', baseURL: 'simulated://participant',
  model: p.model, taskId: p.taskId, task: p.task, condition: p.condition, repetition: p.repetition, messages: p.messages, params: p.params,
  status: 'ok', raw: `I would say ${n % 10}. Because ${p.taskId} is the kind of task I like, reply ${n}.`, value: n % 10, parseError: null,
  finishReason: 'stop', promptTokens: 30, completionTokens: 12, latencyMs: 5, errorKind: null, errorMessage: null, httpStatus: 200,
  responseModel: p.model, parentKey: p.parentKey, startedAt: 1_700_000_000_000 + n, endedAt: 1_700_000_000_005 + n,
}));

const endpoint = model.endpointIdentity('simulated', { simulated: 'simulated://participant' });
const prePlan = expandPlan(validateSpec(preSpec), endpoint);
const postPlan = expandPlan(validateSpec(postSpec), endpoint);
const preTrials = trialsOf(prePlan, 'pre');
const postTrials = trialsOf(postPlan, 'post');

const client = new SandboxClient(createInProcessSandbox(), () => Promise.reject(new Error('no network')));
const names = ['seed', 'pre', 'post', 'judge', 'byModel', 'byTask', 'judged', 'joined'];
const define = (id: string, kind: string, source: string) => client.define(id, { kind, name: id, source }, names, { pending() {}, fulfilled() {}, rejected(e: Any) { console.error(id, e.message); }, spec() {} });
const seedCell = (value: number) => client.define('seed', { kind: 'input', name: 'seed', value }, names, { pending() {}, fulfilled() {}, rejected() {}, spec() {} });
client.setEndpoints({ simulated: 'simulated://participant' });
seedCell(7);
define('pre', 'experiment', expSource(preSpec));
define('post', 'experiment', expSource(postSpec));
define('judge', 'experiment', JUDGE_SOURCE);
define('byModel', 'query', "seed, pre.groupby('model').rollup({ mean: op.mean('value'), n: op.count() })");
define('byTask', 'query', "seed, post.groupby('taskId').rollup({ mean: op.mean('value') }).numRows()");
define('judged', 'query', "seed, judge.groupby('model').rollup({ n: op.count() })");
define('joined', 'query', "seed, pre.select('key', 'value').join(judge.select('parentKey', 'value').rename({ parentKey: 'key', value: 'judged' }), 'key').numRows()");
await client.settled();

// The judge's plan: its sources are the pre table's rows, which are the pre trials in plan order.
const judgeTrials = trialsOf(expandPlan(validateSpec(judge(preTrials)), endpoint), 'judge');
const total = preTrials.length + postTrials.length + judgeTrials.length;
heapBefore = heap();
console.log(`${root}: ${total.toLocaleString('en')} trials (pre ${preTrials.length}, post ${postTrials.length}, judge ${judgeTrials.length}); before: ${mb()}`);

// Opening: every experiment's trials replaced, as NotebookState does.
let t0 = performance.now();
client.replaceTrials('pre', preTrials);
client.replaceTrials('post', postTrials);
client.replaceTrials('judge', judgeTrials);
await client.settled();
console.log(`open: settled ${((performance.now() - t0) / 1000).toFixed(2)} s; ${mb()}; judged ${JSON.stringify(await client.inspect('judged'))}, joined ${await client.inspect('joined')}`);

for (const seed of [8, 9, 10]) {
  t0 = performance.now();
  seedCell(seed);
  await client.settled();
  console.log(`recompute after seed=${seed}: ${((performance.now() - t0) / 1000).toFixed(2)} s; ${mb()}`);
}

// The relay's work on one experiment's trials message: its check, then one clone to the cells.
const message = model.trialColumns
  ? (() => { const columns = model.trialColumns(preTrials); return { m: { type: 'trials', id: 'pre', columns, replace: true }, transfer: model.columnBuffers(columns) }; })()
  : { m: { type: 'trials', id: 'pre', trials: preTrials.map(model.slimTrial), replace: true }, transfer: [] };
const gate = new SandboxGate();
const arrived = structuredClone(message.m, { transfer: message.transfer });
t0 = performance.now();
const admitted = gate.admit ? gate.admit(arrived) : (gate.toCells(arrived), { message: arrived, transfer: [] });
const check = performance.now() - t0;
structuredClone(admitted.message, { transfer: admitted.transfer });
console.log(`relay, one message of ${preTrials.length.toLocaleString('en')} trials: check ${check.toFixed(1)} ms, check + clone ${(performance.now() - t0).toFixed(0)} ms`);
client.dispose();
process.exit(0);
