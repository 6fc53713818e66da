#!/usr/bin/env node
// `npm run check:accuracy`: trains the book's Fashion-MNIST classifiers with their defaults
// (10 epochs, batch 256) through the built CLI and checks the final test accuracy against the
// book's figures. Too slow for the default test run (≈ 10–30 s per model), so it lives here.
// Usage: node scripts/check-accuracy.mjs [--backend auto|native|wasm|ts] [--only id,id]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');

/** Targets from the issue: ≥ 0.82 for softmax regression, ≥ 0.84 for both MLPs. */
const CHECKS = [
  { id: 'softmax-concise', target: 0.82 },
  { id: 'mlp-concise', target: 0.84 },
  { id: 'dropout', target: 0.84 },
];

function parseFlags(argv) {
  const flags = { backend: 'auto', only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--backend') flags.backend = argv[++i];
    else if (a === '--only') flags.only = argv[++i]?.split(',');
    else throw new Error(`unknown argument ${a}; usage: check-accuracy.mjs [--backend auto|native|wasm|ts] [--only id,id]`);
  }
  if (!['auto', 'native', 'wasm', 'ts'].includes(flags.backend)) throw new Error(`--backend must be auto, native, wasm or ts, got ${flags.backend}`);
  return flags;
}

function train(id, backend) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'train', id, '--json', '--no-save', '--backend', backend], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let report;
      try {
        report = JSON.parse(out.trim().split('\n').pop() ?? '');
      } catch {
        report = undefined;
      }
      resolve({ code, report, wallMs, err: err.trim() });
    });
  });
}

const pad = (s, n) => String(s).padEnd(n);
const fmt = (x, d = 4) => (typeof x === 'number' ? x.toFixed(d) : '—');

async function main() {
  const flags = parseFlags(process.argv.slice(2));
  if (!existsSync(CLI)) {
    console.error(`check-accuracy: ${CLI} is missing; run \`npm run build\` first`);
    return 2;
  }
  const checks = flags.only ? CHECKS.filter((c) => flags.only.includes(c.id)) : CHECKS;
  const rows = [];
  let backendLabel = '';
  for (const c of checks) {
    process.stderr.write(`training ${c.id} (10 epochs)…\n`);
    const r = await train(c.id, flags.backend);
    const epochs = r.report?.epochs ?? [];
    const lastEpoch = epochs[epochs.length - 1];
    backendLabel ||= r.report?.backend?.label ?? '';
    const status = r.report?.run?.status ?? `exit ${r.code}`;
    const acc = lastEpoch?.testAccuracy;
    const ok = status === 'completed' && typeof acc === 'number' && acc >= c.target;
    const trainMs = r.report?.timing?.trainMs;
    rows.push({
      ...c, status, ok, acc, epochs: epochs.length, loss: lastEpoch?.loss, trainAcc: lastEpoch?.trainAccuracy, trainMs,
      perEpochMs: typeof trainMs === 'number' && epochs.length > 0 ? trainMs / epochs.length : undefined, wallMs: r.wallMs,
      message: r.report?.run?.message ?? (r.report ? undefined : r.err.split('\n').pop()),
    });
  }
  console.log(`backend: ${backendLabel || 'unknown'}`);
  console.log(
    `${pad('experiment', 16)} ${pad('epochs', 6)} ${pad('train loss', 10)} ${pad('train acc', 9)} ${pad('test acc', 8)} ${pad('target', 6)} ` +
      `${pad('train s', 7)} ${pad('s/epoch', 7)} ${pad('wall s', 6)} result`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.id, 16)} ${pad(r.epochs, 6)} ${pad(fmt(r.loss), 10)} ${pad(fmt(r.trainAcc), 9)} ${pad(fmt(r.acc), 8)} ${pad(`≥${r.target}`, 6)} ` +
        `${pad(fmt(r.trainMs / 1000, 1), 7)} ${pad(fmt(r.perEpochMs / 1000, 2), 7)} ${pad(fmt(r.wallMs / 1000, 1), 6)} ` +
        `${r.ok ? 'ok' : `FAIL (${r.status}${r.message ? `: ${r.message}` : ''})`}`,
    );
  }
  const failed = rows.filter((r) => !r.ok).length;
  console.log(`${rows.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`check-accuracy: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
