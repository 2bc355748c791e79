import { build, type Plugin, type Rollup } from 'vite';

/** A library the sandbox's code carries as text, and the functions it exports. */
export interface LazyLibrary {
  /** A module that re-exports what the sandbox uses of the library (src/sandbox/lazy/*). */
  readonly entry: string;
  /** Its exports, all functions: the stand-ins call them once the library has run. */
  readonly functions: readonly string[];
}

/**
 * For the sandbox's bundle: each library named here is bundled on its own and carried inside the
 * sandbox's code as a string literal, which the JavaScript engine only scans, and run (by
 * `new Function`, which the sandbox's CSP allows for cell code anyway) the first time one of its
 * functions is called. compromise builds its lexicon when it loads and gpt-tokenizer is 2.6 MB of
 * vocabulary: together most of the work of starting a sandbox, which every notebook does, while
 * only the study's topTerms and planCost use them. The library runs in the same frame and realm as
 * before, so nothing about the sandbox's isolation changes.
 */
export function lazyLibraries(libraries: Readonly<Record<string, LazyLibrary>>): Plugin {
  return {
    name: 'motivelab-lazy-libraries',
    enforce: 'pre',
    resolveId: (source) => (Object.hasOwn(libraries, source) ? `\0lazy-library:${source}` : null),
    async load(id) {
      if (!id.startsWith('\0lazy-library:')) return null;
      const library = libraries[id.slice('\0lazy-library:'.length)];
      const out = (await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          write: false,
          target: 'es2022',
          minify: true,
          lib: { entry: library.entry, formats: ['iife'], name: 'motivelabLibrary', fileName: () => 'library.js' },
          rolldownOptions: { output: { exports: 'named' } },
        },
      })) as Rollup.RollupOutput | Rollup.RollupOutput[];
      const chunk = (Array.isArray(out) ? out[0] : out).output.find((o): o is Rollup.OutputChunk => o.type === 'chunk')!;
      for (const file of chunk.moduleIds ?? []) if (!file.startsWith('\0')) this.addWatchFile(file);
      return [
        `const code = ${JSON.stringify(`${chunk.code}\nreturn motivelabLibrary;`)};`,
        'let library = null;',
        'const loaded = () => (library ??= new Function(code)());',
        ...library.functions.map((name) => `export ${name === 'default' ? 'default function' : `function ${name}`}(...args) { return loaded()[${JSON.stringify(name)}](...args); }`),
      ].join('\n');
    },
  };
}
