import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { defineConfig } from 'electron-vite';
import { EXPERIMENT_SPECS_FILE } from './src/main/cli/prebuilt-specs';
import { builtinModules } from 'node:module';
import { build as viteBuild, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { buildWasm, WASM_SOURCE_DIR } from './scripts/build-wasm.mjs';
import { asciiEscape } from './scripts/ascii-escape.mjs';

/**
 * Compiles the wasm backend's kernels (native/wasm, AssemblyScript) when the main build starts and
 * ships them as out/main/wasm/*.wasm, where src/main/engine/backend/wasm-module.ts looks first.
 */
function wasmKernels(): Plugin {
  let built: Awaited<ReturnType<typeof buildWasm>> = [];
  return {
    name: 'd2l-wasm-kernels',
    async buildStart() {
      built = await buildWasm();
      this.addWatchFile(WASM_SOURCE_DIR);
    },
    generateBundle() {
      for (const b of built) this.emitFile({ type: 'asset', fileName: `wasm/${b.file}`, source: readFileSync(b.path) });
    },
  };
}

const ECHARTS_PART = 'virtual:echarts-part/';

/**
 * `virtual:echarts-part/<barrel>/<Name>` is a module whose default export is `<Name>` from
 * `echarts/<barrel>`. ECharts exports its chart types and components only through barrels; one
 * module per part lets the renderer load each part when a chart first uses it (src/renderer/src/
 * lib/echarts.ts, where the parts are listed), each in its own chunk.
 */
function echartsParts(): Plugin {
  return {
    name: 'd2l-echarts-parts',
    resolveId(id) {
      return id.startsWith(ECHARTS_PART) ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(`\0${ECHARTS_PART}`)) return undefined;
      const [barrel, name, ...rest] = id.slice(ECHARTS_PART.length + 1).split('/');
      if (!barrel || !name || rest.length > 0 || !/^(charts|components|renderers)$/.test(barrel) || !/^\w+$/.test(name)) {
        throw new Error(`bad ECharts part "${id.slice(1)}": expected ${ECHARTS_PART}<charts|components|renderers>/<ExportName>`);
      }
      return `export { ${name} as default } from 'echarts/${barrel}';`;
    },
  };
}

/**
 * Records every chunk of a build in out/<name>-chunks.json (outside the folders the app serves):
 * file, bytes, static and dynamic imports, CSS, and the modules in it. Tests check from it what
 * the first screen and each CLI command load; the start-up bench reports the first screen's size.
 */
function chunkMap(name: 'main' | 'renderer'): Plugin {
  return {
    name: `d2l-chunk-map-${name}`,
    apply: 'build',
    writeBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type !== 'chunk' ? [] : [{
        file: c.fileName,
        isEntry: c.isEntry,
        bytes: Buffer.byteLength(c.code),
        imports: c.imports,
        dynamicImports: c.dynamicImports,
        css: [...(c.viteMetadata?.importedCss ?? [])],
        modules: c.moduleIds.map((id) => (id.startsWith('\0') ? id.slice(1) : relative(__dirname, id))),
      }]));
      mkdirSync(resolve(__dirname, 'out'), { recursive: true });
      writeFileSync(resolve(__dirname, 'out', `${name}-chunks.json`), `${JSON.stringify({ chunks }, null, 1)}\n`);
    },
  };
}

/**
 * Writes the catalog's experiment specs as a module beside the built `serve` command
 * (experiment-specs.js), so web mode answers the first screen's `experiments.list` at once instead
 * of after loading the engine and the catalog (issue 15). The specs are taken from the built
 * catalog itself, so they cannot differ from what `experiments.list` would answer; serve falls
 * back to the catalog when the file is missing.
 */
function experimentSpecs(): Plugin {
  return {
    name: 'd2l-experiment-specs',
    apply: 'build',
    async writeBundle(options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const holding = (module: string) => chunks.find((c) => c.moduleIds.some((id) => relative(__dirname, id) === module));
      const catalog = holding(join('src', 'main', 'experiments', 'catalog.ts'));
      const serve = holding(join('src', 'main', 'cli', 'serve.ts'));
      if (!catalog || !serve || !options.dir) throw new Error('experiment specs: no built chunk holds the catalog or the serve command');
      const url = pathToFileURL(join(options.dir, catalog.fileName));
      url.search = `?build=${Date.now()}`;
      const exported = Object.values(await import(url.href)) as { specs?: unknown }[];
      const specs = exported.find((v) => typeof v === 'object' && v !== null && Array.isArray(v.specs))?.specs;
      if (!specs) throw new Error(`experiment specs: ${catalog.fileName} exports no catalog`);
      const text = JSON.stringify(specs);
      if (!isDeepStrictEqual(JSON.parse(text), specs)) throw new Error('experiment specs: the specs do not survive JSON (non-JSON values?)');
      writeFileSync(join(options.dir, dirname(serve.fileName), EXPERIMENT_SPECS_FILE), [
        '// Generated by the build (electron.vite.config.ts, experimentSpecs) from the built catalog: do not edit.',
        `export const EXPERIMENT_SPECS = JSON.parse(${JSON.stringify(text)});`,
        '',
      ].join('\n'));
    },
  };
}

/**
 * Builds the CLI a second time as CommonJS (out/main/cli.cjs, its chunks as chunks/*.cjs, and
 * code-cache.cjs, the loader that runs it), once the main build is written. bin/d2l-workbench.cjs
 * runs it through V8's code cache (src/main/cli/code-cache.ts), which Node 20 offers only to
 * scripts compiled with `vm.Script`, not to ES modules (issue 15). The chunks sit beside the ES
 * build's, so paths taken from `import.meta.url` (wasm kernels, the native addon, the training
 * worker, the prebuilt experiment list, the renderer) resolve the same in both.
 */
function cliCommonJs(): Plugin {
  return {
    name: 'd2l-cli-commonjs',
    apply: 'build',
    async closeBundle() {
      const external = ['electron', 'fflate', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
      // Two builds: one shared build would let the loader take rolldown's helpers from cli.cjs,
      // and requiring cli.cjs runs the CLI.
      const entries = { cli: 'src/main/cli/index.ts', 'code-cache': 'src/main/cli/code-cache.ts' };
      for (const [name, entry] of Object.entries(entries)) {
        await viteBuild({
          configFile: false,
          root: __dirname,
          logLevel: 'warn',
          ssr: { noExternal: ['valibot', 'ws'], external: ['fflate'] },
          // ASCII output: V8 then holds each chunk as a one-byte string (scripts/ascii-escape.mjs).
          plugins: [{
            name: 'd2l-ascii-only',
            enforce: 'post',
            generateBundle(_options, bundle) {
              for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') chunk.code = asciiEscape(chunk.code, chunk.fileName);
            },
          }],
          build: {
            ssr: true,
            outDir: 'out/main',
            emptyOutDir: false,
            copyPublicDir: false,
            minify: false,
            target: 'node20',
            reportCompressedSize: false,
            rollupOptions: {
              input: { [name]: resolve(__dirname, entry) },
              external,
              output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
            },
          },
        });
      }
    },
  };
}

// One build produces every Node entry the project ships: the Electron main process, the CLI
// (which also serves web mode), the public engine entry, and the training worker.
export default defineConfig({
  main: {
    plugins: [wasmKernels(), chunkMap('main'), experimentSpecs(), cliCommonJs()],
    build: {
      outDir: 'out/main',
      // Bundled, not loaded from node_modules at run time: the bundler keeps only the parts used
      // (valibot's whole entry is 206 kB) and Node skips resolving the package and lexing CommonJS
      // (ws) at start-up; the CLI pays for every byte it compiles (issue 15). fflate stays external:
      // its ESM entry declares its own `require`, which clashes with the bundle's require shim.
      externalizeDeps: { exclude: ['valibot', 'ws'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          engine: resolve(__dirname, 'src/main/engine/index.ts'),
          'train-worker': resolve(__dirname, 'src/main/services/training/worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot load ES modules: emit CommonJS.
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [svelte(), echartsParts(), chunkMap('renderer')],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; web mode sends it over HTTP and both modes
      // parse it before the first screen, so half the bytes is half that work.
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        output: {
          // What two or more ECharts parts share goes in one chunk (loaded with the first chart);
          // what only one part uses stays in that part's chunk.
          codeSplitting: {
            groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, minShareCount: 2 }],
          },
        },
      },
    },
  },
});
