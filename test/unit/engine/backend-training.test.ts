// The engine trained through each backend agrees with the ts backend: an MLP big enough that
// every product, ReLU and SGD update goes to the backend (most golden fixtures are below the
// engine's tiny-product threshold and never reach it), same seed, a few SGD steps, then losses
// and parameters compared.
import { afterAll, describe, expect, it } from 'vitest';
import { tryNative, tryWasm } from '../../../src/main/engine/backend';
import { Generator, getBackend, nn, optim, randn, setBackend, tensor, type BackendName } from '../../../src/main/engine';

const initial = getBackend().name;
afterAll(() => { setBackend(initial); });

interface Trained { losses: number[]; params: Float32Array[] }

function train(backend: BackendName): Trained {
  setBackend(backend);
  const rng = new Generator(3);
  const net = new nn.Sequential(new nn.Linear(100, 64, { rng }), new nn.ReLU(), new nn.Linear(64, 10, { rng }));
  const X = randn([48, 100], rng);
  const y = tensor(Float32Array.from({ length: 48 }, () => rng.randint(10)));
  const loss = new nn.CrossEntropyLoss();
  const trainer = new optim.SGD(net.parameters(), { lr: 0.1 });
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    const l = loss.forward(net.forward(X), y);
    trainer.zeroGrad();
    l.backward();
    trainer.step();
    losses.push(l.item());
  }
  return { losses, params: net.parameters().map((p) => Float32Array.from(p.values)) };
}

const reference = train('ts');
const others: BackendName[] = ['wasm'];
if (tryNative().backend) others.push('native');
else console.warn(`native training agreement skipped: ${tryNative().error}`);

describe('training through each backend matches the ts backend', () => {
  it('the wasm backend is available to compare', () => {
    expect(tryWasm().error).toBeUndefined();
  });

  for (const name of others) {
    it(`${name}: same losses and parameters after 5 SGD steps (float32 rounding apart)`, () => {
      const got = train(name);
      expect(getBackend().name).toBe(name);
      got.losses.forEach((l, i) => expect(l).toBeCloseTo(reference.losses[i]!, 5));
      got.params.forEach((p, i) => {
        const want = reference.params[i]!;
        expect(p.length).toBe(want.length);
        let worst = 0;
        for (let j = 0; j < p.length; j++) worst = Math.max(worst, Math.abs(p[j]! - want[j]!));
        expect(worst).toBeLessThan(1e-5);
      });
    });
  }
});
