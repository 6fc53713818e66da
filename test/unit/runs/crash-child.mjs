// Child process for crash.test.ts: saves, edits and deletes runs in a loop until the test SIGKILLs
// it at a random moment. Plain JS on purpose (Node 20 cannot run TypeScript): it imports the run
// store that the test bundled from src/ with Vite just before (argv[3]).
import { pathToFileURL } from 'node:url';

const [dataDir, storeBundle] = process.argv.slice(2);
const { RunStore } = await import(pathToFileURL(storeBundle).href);
const store = new RunStore(dataDir);

let n = 0;
const saved = [];
process.stdout.write('ready\n');
for (;;) {
  n++;
  // Sizes from a few bytes to ~800 kB so kills land inside long writes as well as between them.
  const size = n % 3 === 0 ? 200_000 : 1 + (n % 50);
  const params = { '0.weight': { shape: [size, 1], data: new Float32Array(size).fill(n) }, '0.bias': { shape: [1], data: [n] } };
  const id = await store.save({
    experiment: 'linreg-concise', section: '3.3',
    config: { experiment: 'linreg-concise', hyperparameters: { epochs: 1, lr: 0.03 }, seed: n },
    status: 'completed', backend: 'ts', durations: { trainMs: 1 },
    epochs: [{ epoch: 1, loss: 1 / n }], stepLosses: Array.from({ length: 100 }, (_, i) => i / n),
  }, params);
  saved.push(id);
  if (n % 4 === 0) await store.update(saved[saved.length - 2], { title: `edit ${n}`, pinned: n % 8 === 0 });
  if (n % 5 === 0) await store.delete(saved.shift());
}
