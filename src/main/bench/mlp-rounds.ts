// The MLP step (784-256-10, batch 256, SGD) on the engine and in PyTorch, in rounds alternating
// with a live PyTorch process (python-rounds.ts says why): the figure the MLP target judges. The
// PyTorch program is the reference script's (python/mlp_step.py).
import { alternateWithPython } from './python-rounds';
import { rateSampler } from './timing';
import { mlpStep } from './workloads';
import MLP_STEP from './python/mlp_step.py?raw';

const TORCH_MLP_PRELUDE = `${MLP_STEP}
sample_call = mlp_step()
version = torch.__version__
`;

export interface MlpRounds {
  /** The engine backend the rounds ran on. */
  backend: string;
  rounds: number;
  torchVersion: string;
  /** Steps/s of each round, in order: PyTorch is sampled first in every round. */
  engine: number[];
  torch: number[];
  /** Median of the rounds' ratios engine / PyTorch. */
  ratio: number;
}

/** Runs on the engine's active backend; rejects with a one-line reason when python3 or torch is missing. */
export async function mlpRounds(backend: string, opts: { python: string; rounds: number; minSampleMs: number; restMs?: number }): Promise<MlpRounds> {
  const ref = { label: 'PyTorch', prelude: TORCH_MLP_PRELUDE, args: [], workPerCall: 1 };
  const side = await alternateWithPython(ref, { engine: rateSampler(mlpStep(), 1, opts.minSampleMs) }, {
    python: opts.python, rounds: opts.rounds, minSampleS: opts.minSampleMs / 1000, ...(opts.restMs === undefined ? {} : { restMs: opts.restMs }),
  });
  const e = side.engine.engine;
  return { backend, rounds: side.rounds, torchVersion: side.version, engine: e.samples, torch: side.referenceSamples, ratio: e.ratio };
}
