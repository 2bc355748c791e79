import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startBrowserApp, stopBrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * Spending you control, in Chromium: a spend limit per run set in Settings pauses the Quick
 * start's run on a local server before its next call could pass it, with a plain message naming
 * the limit and what the run has spent; Resume after raising the limit finishes the run, and
 * the run history shows the spend against the limit, and Settings the day's spend.
 */
let llm: TestServer;
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const chatCalls = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
// The Quick start's price for gpt-4o-mini (US$ per million tokens); every reply reports 10 completion tokens.
const PRICE = { input: 0.15, output: 0.6 };

beforeAll(async () => {
  llm = await startTestServer({ models: ['gpt-4o-mini'], reply: () => ({ text: '7', completionTokens: 10 }) });
  ({ app, browser, page, errors } = await startBrowserApp());
});

afterAll(async () => {
  await stopBrowserApp({ app, browser });
  await llm?.close();
});

async function typeInto(label: string, name: string, text: string) {
  await cell(name).getByLabel(label).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function setRunLimit(value: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.locator('li', { hasText: 'local' }).getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Spend limit per run').fill(value);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved “local”.').waitFor();
}

describe('a spend limit set in Settings', () => {
  it('pauses the run with a message naming the limit and the spend, and Resume after raising it finishes the run', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Name').fill('local');
    await page.getByLabel('Base URL').fill(llm.url);
    await page.getByLabel('Spend limit per run').fill('0.00003');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved “local”.').waitFor();

    await page.getByRole('link', { name: 'Notebooks' }).click();
    await page.getByRole('button', { name: /Quick start/ }).click();
    await cell('ratings').waitFor();
    await typeInto('Endpoint name (from Settings)', 'endpoint', 'local');
    await cell('ratings').getByText(/on\s+local/).waitFor();
    await cell('ratings').locator('[data-testid="run-experiment"]:enabled').click();

    const reason = cell('ratings').getByTestId('run-pause-reason');
    await reason.waitFor();
    const text = (await reason.textContent()) ?? '';
    expect(text).toMatch(/^Paused: the next call could pass the spend limit of US\$ 0\.00003 per run on “local” \(this run has spent US\$ [\d.]+\)/);
    await cell('ratings').getByTestId('run-paused').waitFor();
    await cell('ratings').getByRole('button', { name: 'Resume run' }).waitFor();

    // What it names as spent is what the server's replies cost, and it stopped within one call of the limit.
    await expect.poll(() => cell('ratings').getByRole('progressbar').getAttribute('aria-valuenow')).toBe(String(chatCalls()));
    const sent = chatCalls();
    const prompts = llm.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => Math.max(1, Math.ceil(r.body!.messages.map((m) => m.content).join(' ').length / 4)));
    const spent = prompts.reduce((s, p) => s + (p * PRICE.input + 10 * PRICE.output) / 1e6, 0);
    const dearest = Math.max(...prompts.map((p) => (p * PRICE.input + 10 * PRICE.output) / 1e6));
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(10);
    expect(spent - dearest).toBeLessThanOrEqual(0.00003);
    expect(spent + dearest).toBeGreaterThan(0.00003);
    expect(Number(/has spent US\$ ([\d.]+)/.exec(text)![1])).toBeCloseTo(spent, 5);

    await setRunLimit('1');
    await page.goBack();
    await cell('ratings').getByRole('button', { name: 'Resume run' }).click();
    await cell('ratings').locator('.progress [role="status"]').filter({ hasText: /Finished/ }).waitFor();
    expect(chatCalls()).toBe(10);

    await page.getByText('Run history').click();
    await expect.poll(() => page.getByTestId('run-spend-limit').first().textContent()).toMatch(/of \$0\.00003 per run/);

    // Settings shows the day's spend as stored: the 10 calls at the replies' usage.
    const total = llm.requests.filter((r) => r.path.endsWith('/chat/completions'))
      .reduce((s, r) => s + (Math.max(1, Math.ceil(r.body!.messages.map((m) => m.content).join(' ').length / 4)) * PRICE.input + 10 * PRICE.output) / 1e6, 0);
    await page.getByRole('link', { name: 'Settings' }).click();
    const today = await page.getByTestId('spent-today').textContent();
    // Written with two significant digits below a dollar.
    expect(today).toContain(`spent today: US$ ${Number(total.toPrecision(2))}`);
    expect(errors).toEqual([]);
  });

  it('asks before a fresh run estimated above the confirm-above threshold, showing calls, tokens and cost, and sends nothing on Cancel', async () => {
    await page.locator('li', { hasText: 'local' }).getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Confirm above').fill('0.00001');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved “local”.').waitFor();
    await page.getByRole('link', { name: 'Notebooks' }).click();
    await page.getByRole('button', { name: /Quick start/ }).click();
    // The browser's own "delete the trials?" question first, then ours about the cost.
    page.once('dialog', (d) => void d.accept());
    await cell('ratings').getByRole('button', { name: 'Fresh run' }).click();

    const dialog = page.getByTestId('paid-call-dialog');
    await dialog.getByTestId('paid-call-threshold').waitFor();
    expect(await dialog.getByTestId('paid-call-threshold').textContent()).toMatch(/The estimate on “local”, US\$ [\d.]+, is above the US\$ 0\.00001 you asked to confirm there/);
    const row = dialog.locator('tbody tr').first();
    const cells = await row.locator('td').allTextContents();
    // Experiment, endpoint, models, calls, tokens, cost: all ten calls of a fresh run.
    expect(cells[0]).toBe('ratings');
    expect(cells[3]).toBe('10');
    expect(Number(cells[4].replace(/,/g, ''))).toBeGreaterThan(10 * 8);
    expect(cells[5]).toMatch(/^US\$ /);
    const before = chatCalls();
    await dialog.getByTestId('paid-call-cancel').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(chatCalls()).toBe(before);
    expect(await cell('ratings').getByRole('button', { name: 'Fresh run' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
