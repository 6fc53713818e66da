// SGD (momentum, dampening, Nesterov, weight decay) and Adam trajectories against PyTorch 1.13,
// plus the constructors' error messages. Fixtures: fixtures/optim.json (see record_optim.py).
import { describe, expect, it } from 'vitest';
import { optim, type Tensor } from '../../src/main/engine';
import { type Encoded, expectClose, fromEncoded, loadFixture } from './golden-helpers';
import { errorMessage } from '../../src/shared/error-message';

type OptimizerName = 'SGD' | 'Adam';
type Options = Record<string, number | boolean | number[]>;

interface TrajectoryCase {
  name: string;
  optimizer: OptimizerName;
  options: Options;
  steps: number;
  losses: Encoded[];
  trajectory: { w: Encoded; b: Encoded }[];
}

interface ErrorCase {
  optimizer: OptimizerName;
  options: Options;
  message: string;
}

const fixture = loadFixture<{
  problem: { X: Encoded; Y: Encoded; w0: Encoded; b0: Encoded };
  cases: TrajectoryCase[];
  errors: ErrorCase[];
}>('optim');

interface Stepper {
  zeroGrad(): void;
  step(): void;
}

function makeOptimizer(name: OptimizerName, params: Tensor[], options: Options): Stepper {
  if (name === 'SGD') return new optim.SGD(params, options as unknown as ConstructorParameters<typeof optim.SGD>[1]);
  return new optim.Adam(params, options as unknown as ConstructorParameters<typeof optim.Adam>[1]);
}

describe('golden optimiser trajectories vs PyTorch', () => {
  const X = fromEncoded(fixture.problem.X);
  const Y = fromEncoded(fixture.problem.Y);
  for (const c of fixture.cases) {
    it(c.name, () => {
      const w = fromEncoded(fixture.problem.w0, true);
      const b = fromEncoded(fixture.problem.b0, true);
      const opt = makeOptimizer(c.optimizer, [w, b], c.options);
      for (let step = 0; step < c.steps; step++) {
        opt.zeroGrad();
        // The same least-squares loss as record_optim.loss_of.
        const loss = X.matmul(w).add(b).sub(Y).pow(2).mean();
        expectClose(loss, c.losses[step], `loss before step ${step + 1}`);
        loss.backward();
        opt.step();
        expectClose(w, c.trajectory[step].w, `w after step ${step + 1}`);
        expectClose(b, c.trajectory[step].b, `b after step ${step + 1}`);
      }
    });
  }
});

describe('golden optimiser errors vs PyTorch', () => {
  for (const c of fixture.errors) {
    it(`${c.optimizer}(${JSON.stringify(c.options)}) throws "${c.message}"`, () => {
      const w = fromEncoded(fixture.problem.w0, true);
      let message: string | undefined;
      try {
        makeOptimizer(c.optimizer, [w], c.options);
      } catch (err) {
        message = errorMessage(err);
      }
      expect(message).toBe(c.message);
    });
  }
});
