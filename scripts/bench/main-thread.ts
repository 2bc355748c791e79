/**
 * Main-thread responsiveness during a run: the study notebook run whole on the built-in simulated
 * participant in Chromium, with `perCategory` sub-tasks per category (4 gives about 9,900, 5 about 12,000
 * trials). Counts the page's long tasks (> 50 ms) from pressing "Run all" to the end.
 */
import type { Browser } from 'playwright-core';

export interface MainThreadFigures {
  readonly trials: number;
  readonly seconds: number;
  readonly longTasks: number;
  readonly longestMs: number;
  readonly blockedSeconds: number;
}

export async function mainThreadDuringRun(browser: Browser, appUrl: string, perCategory: number): Promise<MainThreadFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(appUrl);
  await page.getByRole('button', { name: /Motivation in Large Language Models/ }).click();
  await page.locator('[data-cell-name="pre"] .badge.sim').waitFor();
  const pre = page.locator('[data-cell-name="pre"]');
  const plannedBefore = await pre.getByTestId('planned-calls').locator('strong').textContent();
  await page.locator('[data-cell-name="perCategory"] input[type="range"]').fill(String(perCategory));
  await page.waitForFunction((before) => document.querySelector('[data-cell-name="pre"] [data-testid="planned-calls"] strong')?.textContent !== before, plannedBefore);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => e.getAttribute('data-status') !== 'pending'), undefined, { timeout: 120_000 });
  const started = Date.now();
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('run-all').click();
  await page.getByTestId('stop-all').waitFor();
  await page.getByTestId('run-all').waitFor({ timeout: 900_000 });
  const seconds = (Date.now() - started) / 1000;
  const tasks = await page.evaluate((from) => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter((t) => t.start >= from).map((t) => t.duration), t0);
  const counts = (await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } }).motivelab.cell('counts'))?.value)) as { total: number }[];
  await context.close();
  return {
    trials: counts.reduce((s, r) => s + r.total, 0),
    seconds,
    longTasks: tasks.length,
    longestMs: Math.max(0, ...tasks),
    blockedSeconds: tasks.reduce((s, d) => s + Math.max(0, d - 50), 0) / 1000,
  };
}
