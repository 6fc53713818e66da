// `d2l-workbench step <experiment>`: runs the first N minibatches of an experiment and prints, per
// step, the batch, the parameters before and after, the loss, the gradients and the autograd graph
// (PyTorch grad_fn names), so a step can be checked against PyTorch (book 4.7).
import type { StepRecord } from '../../shared/step';
import { resolveDataDir } from '../data-dir';
import { setBackend, type BackendChoice } from '../engine';
import { configureDatasets } from '../services/datasets';
import { runSteps } from '../services/training/steps';
import { UsageError, expectPositionals, parseArgs, type FlagSpecs } from './args';
import { configFromArgs } from './train';
import { STEP_USAGE, hyperparameterFlags } from './usage';
import type { CliIo } from './io';
import type { Catalog } from '../experiments/catalog';


const MAX_STEPS = 1000;

function stepFlags(catalog: Catalog): FlagSpecs {
  return {
    ...Object.fromEntries(hyperparameterFlags(catalog).map((f) => [f, { kind: 'string' } as const])),
    steps: { kind: 'int', min: 1, max: MAX_STEPS },
    seed: { kind: 'string' },
    backend: { kind: 'string', allowed: ['auto', 'native', 'wasm', 'ts'] },
    'data-dir': { kind: 'string' },
    json: { kind: 'boolean' },
  };
}

/** The JSON line of the format: step, batch, paramsBefore, loss, grads, paramsAfter, graph (+ optimizerState). */
export function stepJson(r: StepRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    step: r.step, batch: r.batch, paramsBefore: r.paramsBefore, loss: r.loss, grads: r.grads, paramsAfter: r.paramsAfter, graph: r.graph,
  };
  if (r.optimizerState) out.optimizerState = r.optimizerState;
  return out;
}

function norm(data: readonly number[]): number {
  let s = 0;
  for (const v of data) s += v * v;
  return Math.sqrt(s);
}

function stepLines(r: StepRecord): string {
  const lines = [`step ${r.step} (epoch ${r.epoch}), batch X ${r.batch.X.shape.join('×')}, loss ${r.loss.toPrecision(6)}`];
  for (const [name, g] of Object.entries(r.grads)) lines.push(`  ${name} ${g.shape.join('×')}: ‖grad‖ ${norm(g.data).toPrecision(4)}`);
  lines.push(`  graph nodes: ${r.graph.nodes.map((n) => n.op).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function stepCommand(argv: readonly string[], io: CliIo, catalog: Catalog): number {
  const parsed = parseArgs(argv, stepFlags(catalog));
  const [experimentId] = expectPositionals(parsed, 1, 1, STEP_USAGE);
  const config = configFromArgs(experimentId!, parsed.flags, catalog);
  const steps = (parsed.flags.steps as number | undefined) ?? 1;
  configureDatasets({ dataDir: resolveDataDir(parsed.flags['data-dir'] as string | undefined) });
  setBackend((parsed.flags.backend as BackendChoice | undefined) ?? 'auto');
  const json = Boolean(parsed.flags.json);
  const run = runSteps(config, { from: 1, to: steps }, catalog);
  for (const r of run.records) io.out(json ? `${JSON.stringify(stepJson(r))}\n` : stepLines(r));
  if (run.problem !== undefined) {
    if (run.records.length === 0 && /does not report/.test(run.problem)) throw new UsageError(run.problem);
    io.err(`d2l-workbench step: ${run.problem}\n`);
    return 1;
  }
  return 0;
}
