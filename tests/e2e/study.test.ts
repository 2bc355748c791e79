import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as study from '../../src/study';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { makeSimWorld } from '../../src/simulation/sim-world';
import { newPage, startBrowserApp, stopBrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';
import { simulatedReply } from '../server/simulated-reply';
import { checkRecovery } from '../study/check-recovery';

/**
 * The study notebook, run whole in Chromium against the local OpenAI-compatible server, whose
 * replies come from the simulated participant with the parameters of the notebook's
 * `simParams` cell. Every figure and table must render, and the analyses must recover the
 * planted effects.
 */
const notebook = parseNotebook(readFileSync(resolve(import.meta.dirname, '../../cells/motivation-in-llms.md'), 'utf8'), { id: asNotebookId('x'), origin: 'shipped' });
const source = (name: string) => {
  const c = notebook.cells.find((x) => 'name' in x && x.name === name);
  if (!c || !('source' in c)) throw new Error(`no cell ${name}`);
  return c.source;
};
// The design data of the notebook, evaluated as the notebook does (they are plain expressions).
const taskBank = new Function('study', `return ${source('taskBank')}`)(study) as study.StudyTask[];
const manipulations = new Function(`return ${source('manipulations')}`)() as Record<string, string>[];
const simParams = new Function(`return ${source('simParams')}`)() as Record<string, unknown>;
const simulation = { ...simParams, tasks: taskBank, conditions: manipulations };

let llm: TestServer;
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];
const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);

beforeAll(async () => {
  llm = await startTestServer({ models: ['participant-a', 'participant-b', 'judge'], apiKey: 'sk-study-key-0000', reply: simulatedReply(simulation) });
  ({ app, browser, page, errors } = await startBrowserApp());
});

afterAll(async () => {
  await stopBrowserApp({ app, browser });
  await llm?.close();
});

async function setText(name: string, label: string | RegExp, text: string) {
  const box = cell(name).getByLabel(label);
  await box.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Human ratings that follow the planted latents (the test's stand-in for the study's human data). */
function humanCsv(): string {
  const world = makeSimWorld(simulation);
  const lines = taskBank.map((t) => {
    const l = world.latent(t.id);
    const clamp = (x: number) => Math.min(5, Math.max(1, Math.round(x * 10) / 10));
    return `${t.id},${clamp(3 + 1.2 * l.want + 0.3 * Math.sin(t.id.length * 7 + Number(t.id.slice(1))))},${clamp(3 + 0.8 * l.able + 0.6 * l.want)}`;
  });
  return `taskId,human,ai\n${lines.join('\n')}\n`;
}

describe('the study notebook in Chromium', () => {
  it('runs every experiment against the test server and recovers the planted effects', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Name').fill('local');
    await page.getByLabel('Base URL').fill(llm.url);
    await page.getByLabel('API key').fill('sk-study-key-0000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('sk-…0000').waitFor();

    await page.getByRole('link', { name: 'Notebooks' }).click();
    await page.getByRole('button', { name: /Motivation in Large Language Models/ }).click();
    await cell('pre').waitFor();
    // The simulated endpoint is labelled as such before we switch to the test server.
    await cell('pre').locator('.badge.sim').waitFor({ timeout: 5000 }).catch(async (e) => {
      console.log(await cell('pre').innerText(), await cell('preDesign').innerText(), errors);
      throw e;
    });
    await setText('endpoint', /^Endpoint/, 'local');
    await setText('judgeEndpoint', /^Judge endpoint/, 'local');
    await cell('pre').getByText(/on\s+local/).waitFor();

    // Human ratings pasted into their cell, as a user would.
    const editor = cell('humanRatings').locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(`\`${humanCsv()}\``);
    await page.keyboard.press('Shift+Enter');

    const planned = await page.$$eval('[data-testid="planned-calls"] strong', (els) => els.map((e) => Number(e.textContent)));
    expect(planned.length).toBe(7);
    const started = Date.now();
    await page.getByTestId('run-all').click();
    await page.getByTestId('stop-all').waitFor();
    await page.getByTestId('run-all').waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - started) / 1000;

    const state = await page.evaluate(async () => {
      const names = [...document.querySelectorAll('[data-cell-name]')].map((e) => e.getAttribute('data-cell-name')!);
      const w = (window as unknown as { motivelab: { cell(n: string): Promise<{ status: string; value: unknown; error: string | null } | null> } });
      return Promise.all(names.map(async (n) => {
        const c = (await w.motivelab.cell(n))!;
        return { name: n, status: c.status, error: c.error };
      }));
    });
    expect(state.filter((s) => s.status !== 'fulfilled')).toEqual([]);
    // Every figure is drawn as SVG in the page.
    const plots = notebook.cells.filter((c) => c.kind === 'plot').map((c) => ('name' in c ? c.name : ''));
    for (const name of plots) await cell(name).locator('svg').first().waitFor({ timeout: 10_000 });
    // Every table shows rows.
    for (const name of ['costs', 'counts', 'retest', 'contexts', 'loadings', 'factorRegression', 'itemCorrelations', 'criteriaCorrelations', 'table1', 'choiceSummary', 'effects', 'terms', 'comparison']) {
      await cell(name).locator('tbody tr').first().waitFor({ timeout: 10_000 });
    }
    await cell('figHuman').locator('figcaption').filter({ hasText: /r\(human\)/ }).waitFor();
    await cell('figCategories').locator('figcaption').filter({ hasText: /paper: F = 596.4/ }).waitFor();

    const value = async (name: string) => page.evaluate(async (n) => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ status: string; value: unknown; error: string | null } | null> } }).motivelab.cell(n))!.value, name);
    const values: Record<string, unknown> = {};
    for (const name of ['counts', 'categories', 'retest', 'contexts', 'loadings', 'factors', 'table1', 'choices', 'effects', 'human']) values[name] = await value(name);
    checkRecovery((n) => values[n], study.DEFAULT_SIM_PARAMS);
    const human = values.human as { humanR: number; n: number };
    expect(human.humanR).toBeGreaterThan(0.5);

    // The choice requests carried the study's stop sequence, and no stored choice holds the solution.
    const choiceBodies = llm.requests.filter((r) => r.body?.messages.at(-1)?.content.includes('task_number'));
    expect(choiceBodies.length).toBeGreaterThan(0);
    expect(choiceBodies.every((r) => JSON.stringify(r.body!.stop) === '["ANSWER"]' && r.body!.n === 2 && r.body!.max_tokens === 100 && !('temperature' in r.body!))).toBe(true);
    const choiceRows = (await value('choice')) as { raw: string }[];
    expect(choiceRows.some((r) => r.raw.includes('ANSWER:'))).toBe(false);
    // Every planned trial was asked for exactly once: the study's n = 2 responses come from one request.
    const chatBodies = llm.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const trials = (values.counts as { total: number }[]).reduce((s, r) => s + r.total, 0);
    expect(chatBodies.reduce((s, r) => s + (r.body?.n ?? 1), 0)).toBe(trials);
    expect(chatBodies.length).toBeLessThan(trials);
    const chats = chatBodies.length;
    expect(errors).toEqual([]);
    console.log(`study e2e: ${trials} trials from ${chats} requests in ${seconds.toFixed(1)} s (${planned.join(' + ')} planned before dependent steps)`);
  }, 900_000);

  it('runs whole on the built-in simulated participant with no key and no network', async () => {
    const fresh = await newPage(browser);
    const offline = fresh.page;
    const origin = new URL(app.url).origin;
    const outside: string[] = [];
    await offline.route('**/*', (route) => {
      if (route.request().url().startsWith(origin)) return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    const before = llm.requests.length;
    // Long tasks (> 50 ms on the main thread) during the run: how responsive the page stays.
    await offline.addInitScript(() => {
      const w = window as unknown as { longTasks: number[]; longTaskStarts: number[] };
      w.longTasks = [];
      w.longTaskStarts = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => (w.longTasks.push(e.duration), w.longTaskStarts.push(e.startTime)))).observe({ type: 'longtask', buffered: true });
    });
    await offline.goto(app.url);
    await offline.getByRole('button', { name: /Motivation in Large Language Models/ }).click();
    await offline.locator('[data-cell-name="pre"] .badge.sim').waitFor();
    const started = Date.now();
    const runStart = await offline.evaluate(() => performance.now());
    await offline.getByTestId('run-all').click();
    await offline.getByTestId('stop-all').waitFor();
    await offline.getByTestId('run-all').waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - started) / 1000;
    const longTasks = await offline.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    // The same, counting only the tasks that started after "Run all" was pressed (not the page's opening).
    const duringRun = await offline.evaluate((t0) => {
      const w = window as unknown as { longTasks: number[]; longTaskStarts: number[] };
      return w.longTasks.filter((_d, i) => w.longTaskStarts[i] >= t0);
    }, runStart);
    const blockedDuringRun = duringRun.reduce((s, d) => s + Math.max(0, d - 50), 0) / 1000;
    const blocked = longTasks.reduce((s, d) => s + Math.max(0, d - 50), 0) / 1000;
    for (const c of notebook.cells.filter((x) => x.kind === 'plot')) await offline.locator(`[data-cell-name="${'name' in c ? c.name : ''}"] svg`).first().waitFor({ timeout: 10_000 });
    const counts = (await offline.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ status: string; value: unknown; error: string | null } | null> } }).motivelab.cell('counts'))!.value)) as { total: number; failed: number; model: string }[];
    const trials = counts.reduce((s, r) => s + r.total, 0);
    expect(counts.reduce((s, r) => s + r.failed, 0)).toBe(0);
    expect(outside).toEqual([]);
    expect(llm.requests.length).toBe(before);
    expect(fresh.errors).toEqual([]);
    console.log(`simulated in-browser run: ${trials} trials in ${seconds.toFixed(1)} s; main thread: ${longTasks.length} long tasks, longest ${Math.round(Math.max(0, ...longTasks))} ms, ${blocked.toFixed(1)} s blocked (${((100 * blocked) / seconds).toFixed(0)}% of the run); from pressing Run all: ${duringRun.length} long tasks, longest ${Math.round(Math.max(0, ...duringRun))} ms, ${blockedDuringRun.toFixed(1)} s blocked`);
    await offline.context().close();
  }, 900_000);
});
