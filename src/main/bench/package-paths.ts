// Where the built CLI and the bin launcher are, found from wherever this code runs: the source tree
// (tests), out/main/cli.js, or a chunk under out/main/chunks (the bench is loaded on demand).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackagePaths {
  root: string;
  /** out/main/cli.js: what `serve` runs from. */
  builtCli: string;
  /** bin/d2l-workbench.cjs: what a user types. */
  bin: string;
}

/** The nearest folder above `from` whose package.json is this package's. */
export function packagePaths(from: string = fileURLToPath(import.meta.url)): PackagePaths {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'd2l-workbench') {
      return { root: dir, builtCli: join(dir, 'out', 'main', 'cli.js'), bin: join(dir, 'bin', 'd2l-workbench.cjs') };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no d2l-workbench package.json above ${from}`);
    dir = up;
  }
}

/** Throws, naming the command to run, when the app is not built. */
export function requireBuilt(paths: PackagePaths): void {
  for (const file of [paths.builtCli, join(paths.root, 'out', 'renderer', 'index.html')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
}
