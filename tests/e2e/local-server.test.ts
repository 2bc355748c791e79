import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startBrowserApp, stopBrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * First contact, in Chromium: the Quick start runs as it opens (on the simulated participant,
 * free, no cost line), then a local server without an API key is added in Settings, tested (the
 * answer next to the button, focused) and run against, with no Authorization header sent.
 */
let llm: TestServer;
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const chatCalls = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions'));

beforeAll(async () => {
  // No apiKey option: the server, like Ollama or LM Studio, asks for none.
  llm = await startTestServer({ models: ['llama3', 'qwen2'] });
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

describe('first contact in Chromium', () => {
  it('runs the Quick start as it opens, on the simulated participant, with no cost shown', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: /Quick start/ }).click();
    await cell('ratings').waitFor();
    await cell('ratings').locator('[data-testid="run-experiment"]:enabled').waitFor();
    expect(await cell('ratings').getByText(/No endpoint named/).count()).toBe(0);
    await cell('ratings').getByTestId('run-experiment').click();
    await cell('ratings').locator('.progress [role="status"]').filter({ hasText: /Finished/ }).waitFor();
    expect(await cell('ratings').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('10');
    // Free: no "$0.00 so far".
    expect(await cell('ratings').getByTestId('run-cost').count()).toBe(0);
    expect(await cell('ratings').getByText(/\$\d/).count()).toBe(0);
    // One dot per task for the one model, inside the chart's frame.
    await expect.poll(() => cell('chart').locator('svg circle').count()).toBe(5);
    expect(await cell('ratings').getByRole('button', { name: /^(Pause|Cancel)$/ }).count()).toBe(0);
    expect(llm.requests).toEqual([]);
  });

  it('adds a local server without a key; Test connection answers next to the button, focused', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Name', { exact: true }).fill('local');
    await page.getByLabel('Base URL').fill(llm.url);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('test-result');
    await result.getByText('Connected without an API key: 2 models.').waitFor();
    expect(await result.getAttribute('aria-live')).toBe('polite');
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/Connected without an API key/);
    expect(llm.requests.map((r) => [r.path, r.authorization])).toEqual([['/v1/models', null]]);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.endpoint-list').getByText('(no key)').waitFor();

    // A server that wants a key says so in words, next to the button.
    llm.configure({ apiKey: 'sk-server-wants-1234' });
    await page.getByLabel('Base URL').fill(llm.url);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await result.getByText(/Could not connect: 401.*This endpoint wants an API key/).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    llm.configure({ apiKey: undefined });
    // Chromium logs the refused request itself; that one was asked for.
    expect(errors.splice(0)).toEqual([expect.stringMatching(/401 \(Unauthorized\)/)]);
  });

  it('runs the Quick start against the keyless server, with no Authorization header', async () => {
    await page.getByRole('link', { name: 'Notebooks' }).click();
    await page.getByRole('button', { name: /Quick start/ }).click();
    await cell('ratings').waitFor();
    await typeInto('Endpoint name (from Settings)', 'endpoint', 'local');
    await typeInto('Models (comma-separated)', 'models', 'llama3');
    // The simulated design also plans for one model: wait until the design Run will send is the new one.
    await cell('ratings').getByText(/calls planned/).filter({ hasText: '1 model' }).waitFor();
    await cell('ratings').getByText(/Design Run will send: 10 calls to llama3/).waitFor();
    await cell('ratings').getByTestId('run-experiment').click();
    // The simulated run's "Finished" is still on screen: wait for this run's calls first.
    await expect.poll(() => chatCalls().length, { timeout: 30_000 }).toBe(10);
    await cell('ratings').locator('.progress[data-status="done"]').waitFor();
    await expect.poll(() => cell('ratings').getByRole('button', { name: /^(Pause|Cancel)$/ }).count()).toBe(0);
    expect(chatCalls().every((r) => r.authorization === null)).toBe(true);
    expect(await cell('ratings').getByRole('button', { name: /^(Pause|Cancel)$/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
