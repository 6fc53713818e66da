import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EventHub } from '../events';
import { resolveDataDir } from '../data-dir';
import { startWebServer } from '../web/server';
import { serveLog } from '../web/quiet-log';
import { deferredHandlers } from '../deferred-handlers';
import { listExperiments } from '../handlers/experiments-list';
import { prebuiltSpecs } from './prebuilt-specs';
import type { ExperimentSpec } from '../../shared/experiment-spec';
import { langOfLocale } from '../../shared/sections';
import type { ServeServices } from './serve-services';
import { parseArgs, expectPositionals, UsageError } from './args';
import type { CliIo } from './io';
import { SERVE_USAGE } from './usage';

/**
 * The built renderer sits next to the built CLI (out/main/cli.js → out/renderer); this command is
 * loaded on demand, so the bundle may have put this code in out/main/chunks.
 */
export function rendererDir(): string {
  const candidates = ['../renderer/', '../../renderer/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/** POSIX locale variables first (they are what the user set), then the ICU default. */
function systemLocale(env = process.env): string {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
}

/** How long the services wait for a page before they load anyway. */
const SERVICES_WITHOUT_PAGE_MS = 1000;

export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, {
    port: { kind: 'int', min: 0, max: 65535 },
    'data-dir': { kind: 'string' },
    verbose: { kind: 'boolean' },
  });
  expectPositionals(parsed, 0, 0, SERVE_USAGE);
  const verbose = parsed.flags.verbose === true;
  const dir = rendererDir();
  if (!existsSync(join(dir, 'index.html'))) {
    throw new UsageError(`the renderer is not built (no ${join(dir, 'index.html')}); run \`npm run build\` first`);
  }
  const dataDir = resolveDataDir(parsed.flags['data-dir'] as string | undefined);
  const events = new EventHub();
  // Listening needs only the web server. The services (engine, catalog, notes, run store) load
  // when the page's first request comes: the page's socket opens while its script runs, and
  // services loading by then (their modules compile on this thread) held up the upgrade and the
  // experiment list, which is answered without them (issue 15). A timer starts them when no page
  // comes (their errors, e.g. an unusable data folder, end the command).
  let services: Promise<ServeServices> | undefined;
  let servicesFailed!: (err: unknown) => void;
  const failure = new Promise<never>((_resolve, reject) => (servicesFailed = reject));
  const loadServices = (): Promise<ServeServices> => {
    if (!services) {
      services = import('./serve-services').then(({ startServeServices }) => startServeServices({
        dataDir, events, systemLang: langOfLocale(systemLocale()), warn: (line) => io.err(`${line}\n`),
      }));
      services.catch(servicesFailed);
    }
    return services;
  };
  // Read while the server starts (a few kB), so the page's first request finds it loaded; each
  // reply is a copy of it.
  const prebuilt = prebuiltSpecs(import.meta.url);
  prebuilt.catch(() => undefined);
  const specs = (): Promise<ExperimentSpec[] | undefined> => prebuilt.then((list) => list && structuredClone(list));
  const server = await startWebServer({
    port: (parsed.flags.port as number | undefined) ?? 0,
    rendererDir: dir,
    // The first screen's experiment list is answered at once from the list the build wrote
    // (prebuilt-specs.ts), while the services load; without that file, from the catalog alone
    // (with the engine it imports), not after the notes, the run store and the training service.
    handlers: deferredHandlers(async () => (await loadServices()).handlers, {
      'experiments.list': async () =>
        (await specs()) ?? listExperiments((await import('../experiments/catalog')).CATALOG),
    }),
    // The same prebuilt list goes into the page itself, so the first screen needs no round trip.
    // It is only serialised into the page, so it needs no copy.
    bootData: async () => {
      const experiments = await prebuilt;
      return experiments && { experiments };
    },
    events,
    log: serveLog((line) => io.err(`${line}\n`), verbose),
  });
  // The one thing to see: the URL, set apart by blank lines (request logs only with --verbose).
  io.out(`\n  d2l-workbench web mode: ${server.url}\n\n`);
  io.err(`  Open the URL above in a browser. Ctrl+C stops.${verbose ? '' : ' (--verbose logs every request.)'}\n`);
  const noPage = setTimeout(() => void loadServices(), SERVICES_WITHOUT_PAGE_MS);
  await new Promise<void>((resolve, reject) => {
    // A second Ctrl+C (npm start forwards one too) must not kill the process while runs in
    // flight are being cancelled and saved.
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      clearTimeout(noPage);
      const closeServices = services?.then((s) => s.close(), () => undefined);
      void Promise.all([server.close(), closeServices]).then(() => resolve());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // Services that cannot start (e.g. an unwritable data folder) end the command, as before
    // the server listened first: the error is reported and the process exits.
    failure.catch((err: unknown) => {
      if (stopping) return;
      stopping = true;
      void server.close().then(() => reject(err));
    });
  });
  return 0;
}
