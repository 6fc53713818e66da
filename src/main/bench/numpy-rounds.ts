// numpy's `a @ b` and the engine's `a.matmul(b)` at n (issue 15's figure), in alternating rounds
// with a live numpy process (python-rounds.ts says why).
import { alternateWithPython, type AlternatingEngineFigure as EngineFigure } from './python-rounds';

const NUMPY_PRELUDE = `
import numpy as np
n = int(sys.argv[2])
a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)
def sample_call(): a @ b
version = np.__version__
`;

/** python-rounds' engine figure in GFLOPS: `gflops` is the median over the rounds. */
export type AlternatingEngineFigure = Omit<EngineFigure, 'median'> & { gflops: number };

export interface AlternatingFigures<K extends string = string> {
  rounds: number;
  /** numpy's median GFLOPS, and each round's. */
  numpyGflops: number;
  numpySamples: number[];
  numpyVersion: string;
  engine: Record<K, AlternatingEngineFigure>;
}

/**
 * `rounds` rounds of one numpy `a @ b` sample (a fresh result each call), then one sample of each
 * engine figure (`samplers`, each returning GFLOPS), with a rest after every sample. Rejects with
 * a one-line reason when python3 or numpy is missing.
 */
export async function alternateWithNumpy<K extends string>(
  samplers: Record<K, () => number>,
  opts: { python: string; n: number; rounds: number; minSampleS: number; restMs?: number },
): Promise<AlternatingFigures<K>> {
  const ref = { label: 'numpy', prelude: NUMPY_PRELUDE, args: [String(opts.n)], workPerCall: (2 * opts.n ** 3) / 1e9 };
  const side = await alternateWithPython(ref, samplers, opts);
  const names = Object.keys(side.engine) as K[];
  const engine = Object.fromEntries(names.map((k) => {
    const { median, ratio, samples } = side.engine[k];
    return [k, { gflops: median, ratio, samples }];
  })) as Record<K, AlternatingEngineFigure>;
  return { rounds: side.rounds, numpyGflops: side.reference, numpySamples: side.referenceSamples, numpyVersion: side.version, engine };
}
