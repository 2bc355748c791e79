// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import type { NotebookState } from '../../src/state/notebook-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { modelTraits } from '../../src/simulation/simulate-reply';
import { DEFAULT_SIM_PARAMS } from '../../src/simulation/sim-params';

const text = readFileSync(resolve(__dirname, '../../cells/motivation-in-llms.md'), 'utf8');

HTMLCanvasElement.prototype.getContext = function () {
  return new Proxy({}, { get: () => () => undefined, set: () => true });
} as unknown as HTMLCanvasElement['getContext'];
HTMLCanvasElement.prototype.toDataURL = () => 'data:image/png;base64,';

const PLAN_CELLS = ['plan', 'planTable', 'planVerdict', 'figPlanPower', 'figPlanWidth'];

function cellId(nb: NotebookState, name: string) {
  return nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id;
}

/** Dots of a plot cell's drawing (one per size), as the page receives it; each dot must lie inside the figure's frame. */
function dots(nb: NotebookState, name: string): number {
  const view = nb.cellState(cellId(nb, name)).value;
  if (view?.kind !== 'dom') throw new Error(`${name} drew nothing: ${nb.cellState(cellId(nb, name)).error?.message ?? view?.kind}`);
  const [, width, height] = /<svg[^>]*width="([\d.]+)" height="([\d.]+)"/.exec(view.html)!.map(Number);
  const circles = [...view.html.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  for (const [x, y] of circles) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(width);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(height);
  }
  return circles.length;
}

describe('Plan your run, in the study notebook on the simulated participant', () => {
  it('computes a power curve with cost for each effect, and names the smallest size that reaches the target', async () => {
    const shipped: Notebook[] = [parseNotebook(text, { id: asNotebookId('motivation-in-llms'), origin: 'shipped' })];
    const app = new AppState({
      store: createDexieStore({ name: 'power-plan', indexedDB: new IDBFactory(), IDBKeyRange }),
      providerFactory: () => createSimulatedProvider(),
      shipped,
      sandbox: createInProcessSandbox,
      answer: () => Promise.reject(new Error('no network in unit tests')),
    });
    await app.load();
    const nb = (await app.open(asNotebookId('motivation-in-llms')))!;
    await nb.settled();
    const problems = () => PLAN_CELLS.map((n) => ({ n, s: nb.cellState(cellId(nb, n)) })).filter((c) => c.s.status !== 'fulfilled').map((c) => `${c.n}: ${c.s.status} ${c.s.error?.message ?? ''}`);
    expect(problems()).toEqual([]);

    // Default: punish's 2-point shift, 2 responses, the two simulated models; no run needed.
    const plan = (await nb.cellByName('plan'))!.value as { effect: string; size: number; rows: { perCategory: number; subTasks: number; calls: number; responses: number; power: number; ciWidth: number | null }[]; recommended: { perCategory: number } | null };
    expect(plan.effect).toBe('shift');
    expect(plan.size).toBe(2);
    const sizes = plan.rows.map((r) => r.subTasks);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(sizes.length);
    const powers = plan.rows.map((r) => r.power);
    expect(powers[0]).toBeLessThan(0.6);
    expect(powers.at(-1)).toBeGreaterThan(0.8);
    // 11 framings × 2 responses × 2 models per sub-task; the study's protocol asks for both responses in one request (n = 2).
    for (const r of plan.rows) expect(r.responses).toBe(r.subTasks * 11 * 2 * 2);
    for (const r of plan.rows) expect(r.calls).toBe(r.subTasks * 11 * 2);
    expect(dots(nb, 'figPlanPower')).toBe(plan.rows.length);
    expect(dots(nb, 'figPlanWidth')).toBe(plan.rows.length);
    const first = plan.rows.find((r) => r.power >= 0.8)!;
    expect(plan.recommended?.perCategory).toBe(first.perCategory);
    const verdict = (await nb.cellByName('planVerdict'))!.value as string;
    expect(verdict).toContain(`the smallest size is ${first.perCategory} sub-task`);
    expect(verdict).toContain(`${first.calls} requests for ${first.responses} responses`);
    console.log('power curve (punish, 2 points):', JSON.stringify(plan.rows.map((r) => [r.perCategory, r.subTasks, r.calls, r.power, r.ciWidth])), verdict);

    // A higher target moves the recommendation to a size that reaches it.
    await nb.setInput(cellId(nb, 'planTarget'), 0.95);
    await nb.settled();
    const strict = (await nb.cellByName('plan'))!.value as typeof plan;
    const strictFirst = strict.rows.find((r) => r.power >= 0.95) ?? null;
    expect(strict.recommended?.perCategory ?? null).toBe(strictFirst?.perCategory ?? null);
    if (strictFirst) expect(strictFirst.perCategory).toBeGreaterThanOrEqual(first.perCategory);

    // A pilot: run the pre-task experiment (here on the simulated participant), then plan from its trials' noise.
    await nb.setInput(cellId(nb, 'planTarget'), 0.8);
    await nb.run(cellId(nb, 'pre'));
    await nb.setInput(cellId(nb, 'planNoise'), 'the pre-task trials above (a pilot run)');
    await nb.settled();
    expect(problems()).toEqual([]);
    const piloted = (await nb.cellByName('plan'))!.value as typeof plan & { noise: string; models: { name: string; sd: number }[] };
    expect(piloted.noise).toBe('pilot');
    expect(piloted.models.map((m) => m.name)).toEqual(['participant-a', 'participant-b']);
    // The simulated models' report SD is reportSd (6) × the model's noise multiplier; the pilot has 34 sub-tasks × 2 responses (34 df per model).
    for (const m of piloted.models) {
      const planted = 6 * modelTraits(DEFAULT_SIM_PARAMS, m.name).noise;
      expect(Math.abs(m.sd - planted), `${m.name}: pilot ${m.sd}, planted ${planted}`).toBeLessThan((3 * planted) / Math.sqrt(2 * 34) + 0.2);
    }
    console.log('pilot SDs:', JSON.stringify(piloted.models.map((m) => [m.name, m.sd, 6 * modelTraits(DEFAULT_SIM_PARAMS, m.name).noise])), 'power at 6/category:', piloted.rows.find((r) => r.perCategory === 6)?.power);
    expect((await nb.cellByName('planVerdict'))!.value).toContain('Noise from the pilot trials');
    await nb.setInput(cellId(nb, 'planNoise'), 'the simulation parameters');

    for (const effect of ['choice slope', 'category effect (R²)', 'report–performance correlation']) {
      await nb.setInput(cellId(nb, 'planEffect'), effect);
      await nb.settled();
      expect(problems()).toEqual([]);
      const p = (await nb.cellByName('plan'))!.value as typeof plan;
      expect(p.rows.length).toBeGreaterThan(2);
      expect(dots(nb, 'figPlanPower')).toBe(p.rows.length);
      expect(p.rows.at(-1)!.power).toBeGreaterThan(0.8);
    }
    app.close();
  }, 120_000);
});
