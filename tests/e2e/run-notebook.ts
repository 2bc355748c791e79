import type { Page } from 'playwright-core';
import type { Notebook } from '../../src/model';

/** What a run of a notebook on the simulated participant looked like from the page. */
export interface NotebookRun {
  readonly trials: number;
  readonly seconds: number;
  /** Requests that left the app's origin (aborted). */
  readonly outside: string[];
  /** Long tasks (> 50 ms on the page's main thread) from pressing Run, in one sentence. */
  readonly longTasks: string;
}

/**
 * Opens a notebook from the list as a user does, points every endpoint input at the built-in
 * `simulated` participant, sets `inputs` (by cell name), runs every experiment (Run all
 * experiments, or the cell's Run when there is one) and waits until every cell has settled.
 * Requests outside the app's origin are aborted and returned.
 */
export async function runNotebook(page: Page, url: string, notebook: Notebook, inputs: Record<string, number | string> = {}): Promise<NotebookRun> {
  const origin = new URL(url).origin;
  const outside: string[] = [];
  await page.unrouteAll();
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks?: [number, number][] };
    if (w.longTasks) return;
    const tasks: [number, number][] = (w.longTasks = []);
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push([e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.getByRole('button', { name: new RegExp(notebook.title) }).first().click();
  const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
  const experiments = notebook.cells.filter((c) => c.kind === 'experiment').map((c) => ('name' in c ? c.name : ''));
  await cell(experiments[0]).waitFor();
  const set = async (name: string, value: number | string) => {
    const spec = notebook.cells.find((c) => c.kind === 'input' && c.name === name);
    if (spec?.kind !== 'input') throw new Error(`no input cell ${name}`);
    // By its label: the cell's header has a text box of its own (the cell's name).
    const box = cell(name).getByLabel(spec.input.label ?? name, { exact: true });
    if ((await box.getAttribute('type')) === 'range') await box.fill(String(value));
    else {
      await box.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(String(value));
      await page.keyboard.press('Enter');
    }
  };
  for (const c of notebook.cells) {
    if (c.kind === 'input' && c.input.type === 'text' && /endpoint/i.test(c.input.label ?? c.name) && c.input.value !== 'simulated') await set(c.name, 'simulated');
  }
  for (const [name, value] of Object.entries(inputs)) await set(name, value);
  for (const name of experiments) await cell(name).locator('.badge.sim').waitFor();
  const t0 = await page.evaluate(() => performance.now());
  const started = Date.now();
  if (experiments.length > 1) {
    await page.getByTestId('run-all').click();
    await page.getByTestId('stop-all').waitFor();
    await page.getByTestId('run-all').waitFor({ timeout: 600_000 });
  } else {
    await cell(experiments[0]).getByTestId('run-experiment').click();
    await cell(experiments[0]).getByText(/Finished: \d+ of \d+ trials done/).waitFor({ timeout: 600_000 });
  }
  const seconds = (Date.now() - started) / 1000;
  await page.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => !['pending', 'idle'].includes(e.getAttribute('data-status') ?? '')), undefined, { timeout: 120_000 });
  const trials = await page.evaluate(async (names) => {
    const w = window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } };
    let n = 0;
    for (const name of names) n += ((await w.motivelab.cell(name))?.value as unknown[] | undefined)?.length ?? 0;
    return n;
  }, experiments);
  const long = await page.evaluate((from) => (window as unknown as { longTasks: [number, number][] }).longTasks.filter(([s]) => s >= from).map(([, d]) => d), t0);
  const blocked = long.reduce((s, d) => s + Math.max(0, d - 50), 0) / 1000;
  const longTasks = `main thread from pressing Run: ${long.length} long tasks, longest ${Math.round(Math.max(0, ...long))} ms, ${blocked.toFixed(1)} s blocked`;
  return { trials, seconds, outside, longTasks };
}
