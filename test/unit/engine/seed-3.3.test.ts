// The book's concise linear regression (3.3), written with the engine as docs/engine-api.md shows it.
import { describe, expect, it } from 'vitest';
import { Generator, noGrad, tensor, nn, optim, data } from '../../../src/main/engine';

function seedProgram(seed: number): { losses: number[]; errW: number[]; errB: number } {
  const rng = new Generator(seed);
  const trueW = tensor([2, -3.4]);
  const trueB = 4.2;
  const [features, labels] = data.syntheticData(trueW, trueB, 1000, rng);
  const loader = new data.DataLoader(new data.TensorDataset(features, labels), { batchSize: 10, shuffle: true, rng });
  const net = new nn.Sequential(new nn.Linear(2, 1));
  net.at(0).weight.data.normal_(0, 0.01, rng);
  net.at(0).bias.data.fill_(0);
  const loss = new nn.MSELoss();
  const trainer = new optim.SGD(net.parameters(), { lr: 0.03 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < 3; epoch++) {
    for (const [X, y] of loader) {
      const l = loss.forward(net.forward(X), y);
      trainer.zeroGrad();
      l.backward();
      trainer.step();
    }
    losses.push(noGrad(() => loss.forward(net.forward(features), labels).item()));
  }
  const w = net.at(0).weight.values;
  return { losses, errW: [trueW.values[0] - w[0], trueW.values[1] - w[1]], errB: trueB - net.at(0).bias.values[0] };
}

describe('book 3.3: concise linear regression', () => {
  it('converges: epoch-3 loss < 2e-4, |e(w)|, |e(b)| < 0.01', () => {
    const r = seedProgram(42);
    expect(r.losses).toHaveLength(3);
    expect(r.losses[0]).toBeLessThan(1e-3);
    expect(r.losses[2]).toBeLessThan(2e-4);
    for (const e of r.errW) expect(Math.abs(e)).toBeLessThan(0.01);
    expect(Math.abs(r.errB)).toBeLessThan(0.01);
  });
  it('converges for other seeds too', () => {
    for (const seed of [0, 1, 2, 3]) expect(seedProgram(seed).losses[2]).toBeLessThan(2e-4);
  });
  it('the same seed gives bit-identical losses', () => {
    const a = seedProgram(7), b = seedProgram(7);
    expect(b.losses).toEqual(a.losses);
    expect(b.errW).toEqual(a.errW);
    expect(b.errB).toBe(a.errB);
    expect(seedProgram(8).losses).not.toEqual(a.losses);
  });
});
