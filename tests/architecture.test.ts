import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '..');
const src = join(root, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|svelte)$/.test(name) ? [p] : [];
  });
}

const files = walk(src);
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importRe)].map((m) => m[1] ?? m[2]);
}

function folderOf(file: string): string {
  return relative(src, file).split('/')[0];
}

/** Resolves a relative import to a src-relative path without extension. */
function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(src, resolve(dirname(from), spec)).replace(/\.(ts|svelte|js)$/, '');
}

const pureCore = ['model', 'format', 'runtime', 'experiments', 'runner', 'analysis', 'plots', 'simulation', 'study', 'data-files'];
const domGlobals = /\b(document|window|localStorage|indexedDB|navigator)\s*\./;

describe('architecture', () => {
  it('keeps the pure core free of svelte, dexie, openai and the DOM', () => {
    const bad: string[] = [];
    for (const f of files) {
      if (!pureCore.includes(folderOf(f))) continue;
      for (const spec of importsOf(f)) {
        if (/^(svelte|dexie|openai)(\/|$)/.test(spec)) bad.push(`${relative(src, f)} imports ${spec}`);
      }
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (domGlobals.test(code)) bad.push(`${relative(src, f)} touches a DOM/browser global`);
    }
    expect(bad).toEqual([]);
  });

  it('gives each side-effect library one owning place', () => {
    const bad: string[] = [];
    for (const f of files) {
      const rel = relative(src, f);
      for (const spec of importsOf(f)) {
        if (/^dexie(\/|$)/.test(spec) && folderOf(f) !== 'store') bad.push(`${rel} imports dexie`);
        if (/^openai(\/|$)/.test(spec) && rel !== 'providers/openai.ts') bad.push(`${rel} imports openai`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps model self-contained and ui away from store, providers and runtime', () => {
    const bad: string[] = [];
    for (const f of files) {
      const folder = folderOf(f);
      for (const spec of importsOf(f)) {
        const target = resolveLocal(f, spec);
        if (!target) continue;
        const targetFolder = target.split('/')[0];
        if (folder === 'model' && targetFolder !== 'model') bad.push(`${relative(src, f)} -> ${target}`);
        if (folder === 'ui' && ['store', 'providers', 'runtime'].includes(targetFolder)) bad.push(`${relative(src, f)} -> ${target}`);
        if (pureCore.includes(folder) && ['state', 'ui', 'store', 'providers'].includes(targetFolder)) bad.push(`${relative(src, f)} -> ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('runs cell code only in the sandbox, and keeps the sandbox away from keys, storage and the UI', () => {
    const bad: string[] = [];
    for (const f of files) {
      const rel = relative(src, f);
      const folder = folderOf(f);
      for (const spec of importsOf(f)) {
        if (folder === 'sandbox' && /^(svelte|dexie|openai)(\/|$)/.test(spec)) bad.push(`${rel} imports ${spec}`);
        const target = resolveLocal(f, spec);
        if (!target) continue;
        const targetFolder = target.split('/')[0];
        // The runtime compiles and evaluates cell code: only the sandbox may use it.
        if (targetFolder === 'runtime' && !['sandbox', 'runtime'].includes(folder)) bad.push(`${rel} -> ${target}`);
        if (folder === 'sandbox' && ['state', 'ui', 'store', 'providers'].includes(targetFolder)) bad.push(`${rel} -> ${target}`);
        // Outside the sandbox, only its message types, their check and its gate are shared; main.ts alone chooses the iframe.
        if (targetFolder === 'sandbox' && folder !== 'sandbox' && !['sandbox/protocol', 'sandbox/protocol-check', 'sandbox/sandbox-gate'].includes(target) && !(rel === 'main.ts' && target === 'sandbox/iframe-transport')) bad.push(`${rel} -> ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const f of files) {
      const key = relative(src, f).replace(/\.(ts|svelte)$/, '');
      const deps = importsOf(f)
        .map((s) => resolveLocal(f, s))
        .filter((t): t is string => t !== null)
        .map((t) => (graph.has(t) || files.some((g) => relative(src, g).replace(/\.(ts|svelte)$/, '') === t) ? t : `${t}/index`));
      graph.set(key, deps);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (n: string, path: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(n)), n].join(' -> '));
        return;
      }
      state.set(n, 'visiting');
      for (const d of graph.get(n) ?? []) visit(d, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of graph.keys()) visit(n, []);
    expect(cycles).toEqual([]);
  });
});
