// The book's LeNet (6.6) against PyTorch 1.13 on a recorded batch of real Fashion-MNIST images:
// the same weights loaded into both, then the logits, the loss and every parameter's gradient,
// one SGD step (lr 0.9) and the next batch's logits and loss (relative 1e-4).
// Fixture: fixtures/lenet.json (record_lenet.py).
import { describe, expect, it } from 'vitest';
import { nn, optim, tensor, type Tensor } from '../../src/main/engine';
import { lenet } from '../../src/main/experiments/lenet-model';
import { type Encoded, type EncodedF32, decodeF32, fromEncodedF32, loadFixture } from './golden-helpers';

interface Step {
  pixels: Encoded;
  labels: Encoded;
  logits: Encoded;
  loss: Encoded;
  grads?: Record<string, EncodedF32>;
}

const fixture = loadFixture<{ lr: number; stateDict: Record<string, EncodedF32>; steps: Step[] }>('lenet');

/** |got − want| ≤ 1e-4·|want| + 1e-5·max|want| for every element (max-scaled for values near 0). */
function expectRel(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let scale = 0;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-4 * Math.abs(want[i]) + 1e-5 * scale)) {
      if (bad.length < 4) bad.push(`[${i}] ${got[i]} vs ${want[i]}`);
    }
  }
  expect(bad, `${what} differs from PyTorch`).toEqual([]);
}

function batch(s: Step): [Tensor, Tensor] {
  const x = Float32Array.from(s.pixels.data, (v) => v / 255);
  return [tensor(x, { shape: [s.labels.data.length, 1, 28, 28] }), tensor(Float32Array.from(s.labels.data))];
}

describe('LeNet (book 6.6) vs PyTorch 1.13 on real Fashion-MNIST images', () => {
  it('has the recorded parameters under PyTorch\'s names', () => {
    const net = lenet();
    expect(Object.keys(net.stateDict())).toEqual(Object.keys(fixture.stateDict));
  });

  it('logits, loss, every gradient, then one SGD step and the next batch', () => {
    const net = lenet();
    net.loadStateDict(Object.fromEntries(Object.entries(fixture.stateDict).map(([k, v]) => [k, fromEncodedF32(v)])));
    const loss = new nn.CrossEntropyLoss();
    const trainer = new optim.SGD(net.parameters(), { lr: fixture.lr });
    fixture.steps.forEach((step, k) => {
      const [X, y] = batch(step);
      trainer.zeroGrad();
      const logits = net.forward(X);
      expectRel(logits.values, Float32Array.from(step.logits.data), `step ${k + 1} logits`);
      const l = loss.forward(logits, y);
      expectRel(l.values, Float32Array.from(step.loss.data), `step ${k + 1} loss`);
      l.backward();
      if (step.grads) {
        for (const [name, p] of net.namedParameters()) expectRel(p.grad!.values, decodeF32(step.grads[name]!), `step ${k + 1} grad of ${name}`);
      }
      trainer.step();
    });
  });
});
