import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import nlp from 'compromise';
import { countTokens } from 'gpt-tokenizer';
import { lazyLibraries } from '../../scripts/lazy-libraries';

const root = resolve(__dirname, '../..');

/** The module the plugin puts in the sandbox's bundle for `name`, written out and imported. */
async function standIn(name: string, entry: string, functions: string[]): Promise<{ code: string; module: Record<string, (...args: unknown[]) => unknown> }> {
  const plugin = lazyLibraries({ [name]: { entry: join(root, entry), functions } });
  const resolveId = plugin.resolveId as (source: string) => string | null;
  const load = plugin.load as (this: { addWatchFile(f: string): void }, id: string) => Promise<string>;
  const id = resolveId(name)!;
  expect(resolveId('arquero')).toBeNull();
  const code = await load.call({ addWatchFile: () => undefined }, id);
  const file = join(mkdtempSync(join(tmpdir(), 'lazy-')), 'stand-in.mjs');
  writeFileSync(file, code);
  return { code, module: await import(pathToFileURL(file).href) };
}

describe('libraries the sandbox runs on first use', () => {
  it('carries gpt-tokenizer as text and counts tokens as the library does', async () => {
    const { code, module } = await standIn('gpt-tokenizer', 'src/sandbox/lazy/tokenizer-library.ts', ['countTokens']);
    // The library is one string literal: nothing of it runs, or is parsed as code, when the sandbox starts.
    expect(code.split('\n')[0]).toMatch(/^const code = ".*";$/s);
    expect(code.split('\n').length).toBe(4);
    for (const text of ['Rate how motivated you are to do this task, from 1 to 100.', '', 'ünïcödé 🙂 </script> <!-- x']) expect(module.countTokens(text)).toBe(countTokens(text));
  }, 60_000);

  it('carries compromise as text and tags words as the library does', async () => {
    const { code, module } = await standIn('compromise', 'src/sandbox/lazy/compromise-library.ts', ['default']);
    expect(code.split('\n').length).toBe(4);
    const text = 'The boring reports were written quickly by tired engineers. I enjoy creative puzzles!';
    // What topTerms reads of each word (the ids compromise gives terms count up per instance).
    const tagged = (m: typeof nlp) => (m(text).terms().json() as { terms: { normal: string; tags: string[] }[] }[]).map((s) => s.terms.map((t) => [t.normal, t.tags]));
    expect(tagged(module.default as unknown as typeof nlp)).toEqual(tagged(nlp));
  }, 60_000);
});
