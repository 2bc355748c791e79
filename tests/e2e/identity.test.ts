import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addEndpoint, startBrowserApp, stopBrowserApp, type BrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * Issue 14: a trial belongs to the endpoint that answered it. A teacher rehearses the Quick start
 * on `simulated`, then points the endpoint input at a real (here: local) server and presses Run:
 * the calls go out, the table holds the new replies only, the rehearsal stays browsable as
 * other trials, and the chart stops saying "simulated".
 */
let llm: TestServer;
let started: Partial<BrowserApp> = {};
let page: Page;

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const chatCalls = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

/** A column of the table a cell shows (its first page), read from the page. */
function column(name: string, header: string): Promise<string[]> {
  return cell(name).locator('.cell-output table').evaluate((table, h) => {
    const i = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === h);
    if (i < 0) throw new Error(`no column ${h}`);
    return [...table.querySelectorAll('tbody tr')].map((tr) => tr.children[i].textContent ?? '');
  }, header);
}

async function setInput(name: string, label: string, text: string) {
  const input = cell(name).getByLabel(label);
  await input.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function runToEnd(planned: number) {
  await cell('ratings').getByTestId('run-experiment').click();
  await page.waitForFunction(
    (n) => document.querySelector('[data-cell-name="ratings"] [role="progressbar"]')?.getAttribute('aria-valuenow') === String(n),
    planned,
    { timeout: 60_000 },
  );
  await cell('ratings').getByText(new RegExp(`Rows 1–${Math.min(planned, 10)} of ${planned}`)).waitFor();
}

beforeAll(async () => {
  // The local "model" always answers 3: its rows are told apart from the simulated participant's.
  llm = await startTestServer({ models: ['gpt-4o-mini'], apiKey: 'sk-e2e-identity-5678', reply: () => '3' });
  started = await startBrowserApp();
  page = started.page!;
});

afterAll(async () => {
  await stopBrowserApp(started);
  await llm?.close();
});

describe('a trial belongs to the endpoint that answered it (Chromium)', () => {
  it('rehearses on simulated, switches to a real endpoint: the calls go out, simulated trials become other trials, the badge goes', async () => {
    await page.goto(started.app!.url);
    await addEndpoint(page, { name: 'local', baseURL: llm.url, apiKey: 'sk-e2e-identity-5678' });
    await page.getByRole('link', { name: 'Notebooks' }).click();
    await page.getByRole('button', { name: /Quick start/ }).click();
    await cell('ratings').waitFor();

    // Rehearsal: 5 tasks × 2 repetitions of gpt-4o-mini, answered by the simulated participant.
    await setInput('endpoint', 'Endpoint name (from Settings)', 'simulated');
    await cell('ratings').getByText(/on simulated/).waitFor();
    await runToEnd(10);
    expect(chatCalls()).toBe(0);
    expect(new Set(await column('ratings', 'endpoint'))).toEqual(new Set(['simulated']));
    const rehearsed = (await column('ratings', 'value')).map(Number);
    expect(rehearsed.some((v) => v !== 3)).toBe(true);
    await cell('chart').locator('svg').first().waitFor();
    for (const name of ['ratings', 'byTask', 'chart']) await cell(name).getByTestId('simulated-badge').waitFor();
    await cell('chart').getByTestId('simulated-caption').waitFor();
    expect(await cell('chart').locator('svg [aria-label="dot"] circle').count()).toBe(5);

    // The real endpoint, same design and model: nothing of the rehearsal is its result.
    await setInput('endpoint', 'Endpoint name (from Settings)', 'local');
    await cell('ratings').getByText(/on local/).waitFor();
    await cell('ratings').getByText('Rows 0–0 of 0').waitFor();
    await cell('ratings').getByTestId('other-trials').filter({ hasText: 'other trials of this cell: 10' }).waitFor();
    await runToEnd(10);
    expect(chatCalls()).toBe(10);
    expect(await column('ratings', 'raw')).toEqual(Array(10).fill('3'));
    expect(new Set(await column('ratings', 'endpoint'))).toEqual(new Set(['local']));
    expect(new Set(await column('ratings', 'baseURL'))).toEqual(new Set([llm.url]));
    expect(await column('byTask', 'mean')).toEqual(Array(5).fill('3'));

    // The chart is the real endpoint's now: 5 dots, no simulated badge or caption anywhere downstream.
    expect(await cell('chart').locator('svg [aria-label="dot"] circle').count()).toBe(5);
    for (const name of ['ratings', 'byTask', 'chart']) expect(await cell(name).getByTestId('simulated-badge').count()).toBe(0);
    expect(await cell('chart').getByTestId('simulated-caption').count()).toBe(0);

    // The rehearsal is still stored and browsable, as other trials of the cell.
    await cell('ratings').getByTestId('other-trials').click();
    const inspector = cell('ratings').locator('.trial-inspector');
    await expect(inspector.getByTestId('trial-set').inputValue()).resolves.toBe('others');
    await inspector.getByText('10 of 10 trials').waitFor();
    const endpoints = await inspector.locator('table.trials tbody tr td:first-child').allTextContents();
    expect(endpoints).toEqual(Array(10).fill('simulated'));
    await inspector.getByTestId('trial-set').selectOption('all');
    await inspector.getByText('20 of 20 trials').waitFor();
    expect(started.errors).toEqual([]);
  });
});
