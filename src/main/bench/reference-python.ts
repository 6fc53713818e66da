// The PyTorch/NumPy side of the benchmark: the same three workloads, measured the same way (warm
// up, median of samples). The script is embedded as a string and run with `python3 -c`, so it
// works identically from source and from the built out/ bundle.
import { runPythonJson } from './python-json';
import MLP_STEP from './python/mlp_step.py?raw';

export interface PythonReference {
  torchVersion: string;
  numpyVersion: string;
  /** torch.get_num_threads() as the environment leaves it (what a d2l reader gets). */
  torchThreads: number;
  cpuCount: number;
  matmulGflops: Record<string, number>;
  numpyGflops1024: number;
  /** numpy's `a @ b` with a fresh result each call, as a user writes it (next to the public engine matmul). */
  numpyFreshGflops1024: number;
  seed: { usPerStep: number; msPerTraining: number; steps: number };
  mlp: { stepsPerSec: number };
}

const SCRIPT = String.raw`
import json, os, sys, time
quick = len(sys.argv) > 1 and sys.argv[1] == 'quick'
import numpy as np
import torch
from torch import nn
from torch.utils import data

def median(xs):
    xs = sorted(xs); n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2

def seconds_per_call(fn, samples, min_sample_s):
    calls = 1
    while True:
        t = time.perf_counter()
        for _ in range(calls): fn()
        dt = time.perf_counter() - t
        if dt >= min_sample_s or calls >= 1 << 24: break
        calls = calls * 16 if dt <= 0 else min(calls * 16, int(calls * min_sample_s * 1.2 / dt) + 1)
    per = []
    for _ in range(samples):
        t = time.perf_counter()
        for _ in range(calls): fn()
        per.append((time.perf_counter() - t) / calls)
    return median(per)

out = {'torchVersion': torch.__version__, 'numpyVersion': np.__version__,
       'torchThreads': torch.get_num_threads(), 'cpuCount': os.cpu_count() or 1}

out['matmulGflops'] = {}
for n in (64, 128, 256, 512, 1024):
    a, b = torch.rand(n, n), torch.rand(n, n)
    c = torch.empty(n, n)
    big = n >= 512
    s = seconds_per_call(lambda: torch.matmul(a, b, out=c), 3 if quick or big else 5,
                         (0.06 if big else 0.02) if quick else (0.2 if big else 0.05))
    out['matmulGflops'][str(n)] = 2 * n ** 3 / s / 1e9

# Book section 3.3, as printed (synthetic data, DataLoader with shuffle, per-epoch full loss).
def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))

true_w, true_b = torch.tensor([2, -3.4]), 4.2
features, labels = synthetic_data(true_w, true_b, 1000)

def train_seed():
    data_iter = data.DataLoader(data.TensorDataset(features, labels), 10, shuffle=True)
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    loss = nn.MSELoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.03)
    for epoch in range(3):
        for X, y in data_iter:
            l = loss(net(X), y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
        with torch.no_grad():
            l = loss(net(features), labels)

steps = 3 * (1000 // 10)
s = seconds_per_call(train_seed, 3 if quick else 5, 0)
out['seed'] = {'usPerStep': s / steps * 1e6, 'msPerTraining': s * 1e3, 'steps': steps}

${MLP_STEP}

def mlp_steps_per_sec():
    return 1 / seconds_per_call(mlp_step(), 3 if quick else 5, 0.1 if quick else 0.3)

out['mlp'] = {'stepsPerSec': mlp_steps_per_sec()}

# Last, so the caller can time its own sgemm right after: on a shared machine only figures taken
# close together compare fairly.
na, nb = np.random.rand(1024, 1024).astype(np.float32), np.random.rand(1024, 1024).astype(np.float32)
nc = np.empty((1024, 1024), dtype=np.float32)
s = seconds_per_call(lambda: na @ nb, 3, 0.06 if quick else 0.2)
out['numpyFreshGflops1024'] = 2 * 1024 ** 3 / s / 1e9
s = seconds_per_call(lambda: np.matmul(na, nb, out=nc), 3, 0.06 if quick else 0.2)
out['numpyGflops1024'] = 2 * 1024 ** 3 / s / 1e9

print(json.dumps(out))
`;

export const DEFAULT_PYTHON = '/usr/bin/python3';

/** The python3 the bench's references run in: $D2L_BENCH_PYTHON, else Debian's (where python3-torch installs). */
export const benchPython = (): string => process.env.D2L_BENCH_PYTHON || DEFAULT_PYTHON;

/** Runs the reference script; resolves to its figures or rejects with a one-line reason. */
export function runPythonReference(quick: boolean, python = benchPython()): Promise<PythonReference> {
  return runPythonJson<PythonReference>(python, SCRIPT, [quick ? 'quick' : 'full'], 120_000);
}
