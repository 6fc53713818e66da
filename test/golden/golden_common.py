"""Shared helpers for the golden recorders: seeded inputs, float32-exact encoding, fixture writing.

Inputs are drawn with numpy (float32) from fixed seeds and handed to torch, so the fixtures never
depend on torch's own RNG. Every float is written as the shortest decimal that round-trips its
float32 value, which keeps the files small and lets JavaScript recover the exact float32 bits with
Math.fround / Float32Array.
"""
import json
import os

import numpy as np
import torch

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')

# One generator; each recorder reseeds it with its own seed, so re-recording one fixture file
# (or adding cases to it) never changes the numbers in the others.
rng = np.random.RandomState(0)


def seed(n):
    rng.seed(n)

torch.set_default_dtype(torch.float32)


def normal(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def uniform(*shape, low=-1.0, high=1.0):
    return rng.uniform(low, high, shape).astype(np.float32)


def away_from_zero(*shape, low=0.1, high=2.0):
    """Random signs with magnitudes in [low, high]: keeps abs/relu/div clear of their kinks."""
    mag = rng.uniform(low, high, shape)
    sign = np.where(rng.uniform(size=shape) < 0.5, -1.0, 1.0)
    return (mag * sign).astype(np.float32)


def integers(*shape, low=0, high=10):
    return rng.randint(low, high, shape).astype(np.int64)


def f32(v):
    """Shortest decimal that round-trips v as float32 (numpy's str is shortest-unique)."""
    out = float(str(np.float32(v)))
    if not np.isfinite(out):
        raise ValueError(f'non-finite value {v} cannot be written to JSON')
    return out


def enc(a):
    """A tensor or array as {shape, data} with float32-exact values (integers stay integers)."""
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    a = np.asarray(a)
    if a.dtype == np.bool_:
        a = a.astype(np.float32)
    if np.issubdtype(a.dtype, np.integer):
        data = [int(v) for v in a.ravel()]
    else:
        data = [f32(v) for v in a.ravel()]
    return {'shape': list(a.shape), 'data': data}


def t(a, grad=False):
    """A float32 torch leaf from a numpy array."""
    return torch.tensor(np.asarray(a, dtype=np.float32), requires_grad=grad)


def write_fixture(name, sections, limit=1024 * 1024):
    """Writes fixtures/<name>.json with one case per line so diffs after re-recording stay readable."""
    os.makedirs(FIXTURES, exist_ok=True)
    parts = []
    for key, value in sections.items():
        if isinstance(value, list):
            rows = ',\n'.join(json.dumps(c, separators=(',', ':')) for c in value)
            parts.append(f'{json.dumps(key)}:[\n{rows}\n]')
        else:
            parts.append(f'{json.dumps(key)}:{json.dumps(value, separators=(",", ":"))}')
    text = '{\n' + ',\n'.join(parts) + '\n}\n'
    path = os.path.join(FIXTURES, f'{name}.json')
    with open(path, 'w') as fh:
        fh.write(text)
    count = sum(len(v) for v in sections.values() if isinstance(v, list))
    print(f'wrote {os.path.relpath(path)}: {count} cases, {len(text) / 1024:.0f} KiB')
    if len(text) > limit:
        raise SystemExit(f'{path} is {len(text)} bytes; keep it under {limit // 1024} KiB')


def enc_f32(a):
    """A float32 tensor as {shape, f32}: its little-endian bytes in base64, for fixtures too large
    for decimals (golden-helpers.ts decodes them exactly)."""
    import base64
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    a = np.ascontiguousarray(a, dtype='<f4')
    return {'shape': list(a.shape), 'f32': base64.b64encode(a.tobytes()).decode('ascii')}
