// Root `postinstall`: builds the optional OpenBLAS addon in native/ with node-gyp.
// It must never fail `npm ci`: on any problem it prints one warning paragraph (the engine then runs
// its TypeScript backend) and exits 0.
//
// Knobs: D2L_SKIP_NATIVE=1 skips the build; D2L_NATIVE_FORCE_FAIL=1 takes the failure path on
// purpose (tests); D2L_NODE_GYP=/path/to/node-gyp.js picks node-gyp explicitly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');
const addonPath = join(nativeDir, 'build', 'Release', 'd2l_blas.node');
const FIX = 'apt-get install -y libopenblas-dev g++ make python3';

class BuildFailure extends Error {
  /** Tool output worth showing after the warning (e.g. the compiler's last lines). */
  detail;
  constructor(message, detail) {
    super(message);
    this.detail = detail;
  }
}

function warn(reason, detail) {
  console.warn(
    `d2l-workbench: the native OpenBLAS backend was not built (${reason}). ` +
      'Everything still works: the engine will use the TypeScript backend, which is slower for large ' +
      `matrices. To enable the native backend, install a compiler and OpenBLAS (Debian/Ubuntu: \`${FIX}\`) ` +
      'and run `node scripts/build-native.mjs` (or `npm rebuild`/`npm ci` again).',
  );
  if (detail) console.warn(detail);
}

function onPath(command) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.some((dir) => existsSync(join(dir, command)));
}

/** npm passes its bundled node-gyp as npm_config_node_gyp; otherwise look where npm keeps it. */
function findNodeGyp() {
  const override = process.env.D2L_NODE_GYP;
  if (override) {
    if (existsSync(override)) return override;
    throw new BuildFailure(`node-gyp not found at D2L_NODE_GYP=${override}`);
  }
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a dependency of the project: fall through to npm's bundled copy
  }
  const prefix = dirname(dirname(process.execPath));
  candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new BuildFailure(`node-gyp not found (looked at ${candidates.join(', ')})`);
  return found;
}

/** Local Node headers, so node-gyp never tries to download them (there may be no network). */
function findNodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function checkToolchain() {
  const cxx = process.env.CXX ?? (['g++', 'c++', 'clang++'].find(onPath));
  if (!cxx) throw new BuildFailure('no C++ compiler on PATH (looked for g++, c++, clang++)');
  if (!onPath('make')) throw new BuildFailure('`make` is not on PATH');
}

function run(args, what) {
  const result = spawnSync(process.execPath, args, {
    cwd: nativeDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 5 * 60_000,
  });
  if (result.error) throw new BuildFailure(`${what} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    // node-gyp's own stack lines say nothing about the cause; the compiler's lines do.
    const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => l.trim() && !/^gyp (ERR|info)!? /.test(l));
    const tail = lines.slice(-12).join('\n');
    throw new BuildFailure(`${what} failed with exit code ${result.status}`, `last output of ${what}:\n${tail}`);
  }
  return result.stdout;
}

/** Loads the fresh build in a child, so a bad library fails here rather than inside the app. */
function probe() {
  const code =
    `const b = require(${JSON.stringify(addonPath)}); const c = new Float32Array(1);` +
    'b.sgemm(false, false, 1, 1, 1, 1, new Float32Array([2]), 1, new Float32Array([3]), 1, 0, c, 1);' +
    `if (c[0] !== 6) throw new Error('sgemm self-test gave ' + c[0]);` +
    `console.log(b.openblas_get_corename() + ', ' + b.openblas_get_num_threads() + ' thread(s)');`;
  return run(['-e', code], 'loading the built addon').trim();
}

function main() {
  if (process.env.D2L_SKIP_NATIVE === '1') {
    console.log('d2l-workbench: D2L_SKIP_NATIVE=1, not building the native backend (the TypeScript backend will be used).');
    return;
  }
  try {
    if (process.env.D2L_NATIVE_FORCE_FAIL === '1') throw new BuildFailure('D2L_NATIVE_FORCE_FAIL=1 was set');
    checkToolchain();
    const nodeGyp = findNodeGyp();
    const nodeDir = findNodeDir();
    const dirArgs = nodeDir ? [`--nodedir=${nodeDir}`] : [];
    // configure + build (not rebuild): a failed build leaves a previously working addon in place.
    run([nodeGyp, 'configure', ...dirArgs], 'node-gyp configure');
    run([nodeGyp, 'build', ...dirArgs], 'node-gyp build');
    const facts = probe();
    console.log(`d2l-workbench: native OpenBLAS backend built (${addonPath}; ${facts}).`);
  } catch (err) {
    warn(err instanceof Error ? err.message : String(err), err instanceof BuildFailure ? err.detail : undefined);
  }
}

try {
  main();
} catch (err) {
  // Belt and braces: nothing here may fail the install.
  warn(`unexpected error: ${err instanceof Error ? err.message : String(err)}`);
}
process.exit(0);
