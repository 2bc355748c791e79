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
import { checkFigures } from './figures';
import { runNotebook } from './run-notebook';

/**
 * The study notebook, run whole in Chromium against the local OpenAI-compatible server, whose
 * replies come from the simulated participant with the parameters of the notebook's
 * `simParams` cell. Every figure must draw its marks inside its frame, every table must read as
 * numbers, and the analyses must recover the planted effects. At the smallest settings, on the
 * built-in simulated participant, each analysis computes what the data allow or says what it needs.
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
    await cell('pre').locator('.badge.sim').waitFor({ timeout: 60_000 }).catch(async (e) => {
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
    // Run all ends with its last run; the analyses may still be recomputing then.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => !['pending', 'idle'].includes(e.getAttribute('data-status') ?? '')), undefined, { timeout: 300_000 });

    const state = await page.evaluate(async () => {
      const names = [...document.querySelectorAll('[data-cell-name]')].map((e) => e.getAttribute('data-cell-name')!);
      const w = (window as unknown as { motivelab: { cell(n: string): Promise<{ status: string; value: unknown; error: string | null } | null> } });
      return Promise.all(names.map(async (n) => {
        const c = (await w.motivelab.cell(n))!;
        return { name: n, status: c.status, error: c.error };
      }));
    });
    expect(state.filter((s) => s.status !== 'fulfilled')).toEqual([]);
    // Every figure draws its marks inside its frame, and every table reads as numbers.
    await checkFigures(page, notebook);
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

  it('at the smallest settings (1 sub-task per category, 1 response) on the simulated participant, computes what it can and says what the rest needs', async () => {
    const fresh = await newPage(browser);
    const before = llm.requests.length;
    const run = await runNotebook(fresh.page, app.url, notebook, { perCategory: 1, reps: 1 });
    const seen = await checkFigures(fresh.page, notebook, { notes: { figHuman: /^no human ratings yet/ } });
    const small = fresh.page.locator('[data-cell-name="retest"]').getByTestId('cell-note');
    expect(await small.textContent()).toMatch(/set "Responses per model × experiment × sub-task" to 2 or more/);
    const comparison = fresh.page.locator('[data-cell-name="comparison"] tbody tr');
    expect(await comparison.filter({ hasText: 'Test-retest r' }).textContent()).toMatch(/needs two responses per sub-task/);
    expect(await comparison.filter({ hasText: 'Category effect F' }).locator('td').nth(1).textContent()).toMatch(/^\d/);
    expect(await fresh.page.locator('[data-cell-name="figCategories"] figcaption').textContent()).toMatch(/Left out of the regression: \d+ with fewer than 2 sub-tasks/);
    expect(run.outside).toEqual([]);
    expect(llm.requests.length).toBe(before);
    expect(fresh.errors).toEqual([]);
    console.log(`smallest settings, simulated in-browser: ${run.trials} trials in ${run.seconds.toFixed(1)} s; ${run.longTasks}; ${seen.figures.length} figures, ${seen.tables.length} tables`);
    await fresh.page.context().close();
  }, 900_000);
});
