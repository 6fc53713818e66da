"""Differential corpus (fixtures/engine-diff.json): fast-check-generated cases run in PyTorch 1.13.

The cases come from engine-diff/cases.mjs (run with node, fixed seed); this script interprets each
one with torch and records what PyTorch gives: every step's shape, strides, values and
requires_grad, the first error (type and message), the leaves' gradients after backward (and
after a second backward), optimiser trajectories. engine-diff.test.ts replays the corpus on the
engine; `npm run fuzz` generates thousands of fresh cases and evaluates them live through

    /usr/bin/python3 test/golden/record_diff.py --eval CASES.json RESULTS.json

Values are float32-exact decimals; NaN and infinities are written as "nan", "inf", "-inf".
"""
import json
import math
import os
import subprocess
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 20
COUNT = 400

TORCH_NAME = {'logSoftmax': 'log_softmax', 'indexSelect': 'index_select'}
COMPARE = {'eq', 'ne', 'lt', 'le', 'gt', 'ge'}
OPTION_NAME = {'weightDecay': 'weight_decay'}


def dec(v):
    return {'nan': math.nan, 'inf': math.inf, '-inf': -math.inf}.get(v, v) if isinstance(v, str) else v


def enc_value(v):
    """float32-exact shortest decimal; integers without a fraction; non-finite as strings."""
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    f = float(str(np.float32(v)))
    return int(f) if f.is_integer() and abs(f) < 1e15 else f


def enc(t):
    t = t.detach()
    return {'shape': list(t.shape), 'data': [enc_value(float(v)) for v in t.reshape(-1).tolist()]}


def leaf(e, grad):
    data = [dec(v) for v in e['data']]
    t = torch.tensor(data, dtype=torch.float32).reshape(e['shape'])
    return t.requires_grad_(grad)


def index(e):
    return torch.tensor(e['data'], dtype=torch.long).reshape(e['shape'])


def error(e, at=None):
    out = {'type': type(e).__name__, 'message': str(e).strip()}
    if at is not None:
        out['at'] = at
    return out


def step(node, vals):
    op, args = node['op'], node['args']
    x = vals[node['self']] if 'self' in node else None

    def arg(a):
        if isinstance(a, dict) and 'node' in a:
            return vals[a['node']]
        if isinstance(a, dict) and 'index' in a:
            return index(a['index'])
        return a

    if op in ('neg', 'exp', 'log', 'sqrt', 'abs', 'relu', 'sigmoid', 'tanh', 'square', 'contiguous', 'clone'):
        return getattr(x, op)()
    if op == 'clamp':
        return x.clamp(args[0], args[1])
    if op == 'dropout':
        return F.dropout(x, args[0], args[1])
    if op in ('add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum') or op in COMPARE:
        out = getattr(x, op)(arg(args[0]))
        return out.float() if op in COMPARE else out
    if op in ('sum', 'mean'):
        return getattr(x, op)(*args) if args else getattr(x, op)()
    if op in ('max', 'min'):
        return getattr(x, op)(*args).values if args else getattr(x, op)()
    if op in ('max.indices', 'min.indices'):
        return getattr(x, op.split('.')[0])(*args).indices.float()
    if op == 'argmax':
        return x.argmax(*args).float()
    if op in ('logsumexp', 'softmax', 'logSoftmax', 'transpose', 'unsqueeze', 'squeeze', 'flatten'):
        return getattr(x, TORCH_NAME.get(op, op))(*args)
    if op in ('reshape', 'view', 'permute', 'expand'):
        return getattr(x, op)(tuple(args))  # a tuple, so that a 0-d shape () is spelled too
    if op == 'T':
        return x.T
    if op in ('indexSelect', 'gather'):
        return getattr(x, TORCH_NAME.get(op, op))(args[0], arg(args[1]))
    if op == 'matmul':
        return x.matmul(arg(args[0]))
    if op in ('cat', 'stack'):
        return getattr(torch, op)([vals[k] for k in args[0]['nodes']], args[1])
    if op in ('linear', 'seqLinearRelu'):
        out = F.linear(arg(args[0]), arg(args[1]), arg(args[2]))
        return out.relu() if op == 'seqLinearRelu' else out
    if op in ('conv2d', 'seqConvAct'):
        out = F.conv2d(arg(args[0]), arg(args[1]), arg(args[2]), stride=args[3], padding=args[4])
        if op == 'seqConvAct':
            out = out.relu() if args[5] == 'relu' else out.sigmoid()
        return out
    if op == 'maxPool2d':
        return F.max_pool2d(x, args[0], stride=args[1], padding=args[2])
    if op == 'avgPool2d':
        return F.avg_pool2d(x, args[0], stride=args[1], padding=args[2], count_include_pad=args[3])
    if op == 'mseLoss':
        return F.mse_loss(x, arg(args[0]), reduction=args[1])
    if op == 'crossEntropy':
        return F.cross_entropy(arg(args[0]), arg(args[1]), reduction=args[2], label_smoothing=args[3])
    raise ValueError(f'unknown op {op}')


def run_chain(case):
    vals, res, grads_of = [], {'nodes': []}, []
    for i, node in enumerate(case['nodes']):
        if 'leaf' in node:
            t = leaf(node['leaf'], node['leaf']['grad'])
            vals.append(t)
            grads_of.append(t if node['leaf']['grad'] else None)
            res['nodes'].append(None)
            continue
        try:
            out = step(node, vals)
        except Exception as e:  # noqa: BLE001 - every error is a recorded outcome
            res['error'] = error(e, i)
            return res
        vals.append(out)
        grads_of.append(None)
        r = enc(out)
        r['strides'] = list(out.stride())
        r['rg'] = out.requires_grad
        res['nodes'].append(r)
    b = case.get('backward')
    if b is None:
        return res
    root = vals[b['node']]
    g = leaf({'shape': list(root.shape), 'data': b['g']}, False)
    leaves = [t for t in grads_of if t is not None]
    try:
        root.backward(g, retain_graph=b['retain'])
    except Exception as e:  # noqa: BLE001
        res['backwardError'] = error(e)
        return res
    res['grads'] = [enc(t.grad) if t is not None and t.grad is not None else None for t in grads_of]
    if b['twice']:
        try:
            root.backward(g)
            res['grads2'] = [enc(t.grad) if t is not None and t.grad is not None else None for t in grads_of]
        except Exception as e:  # noqa: BLE001
            res['secondError'] = error(e)
    del leaves
    return res


def run_optim(case):
    params = [leaf(p, True) for p in case['params']]
    targets = [leaf(t, False) for t in case['targets']]
    opts = {OPTION_NAME.get(k, k): (tuple(v) if k == 'betas' else v) for k, v in case['options'].items()}
    try:
        opt = getattr(torch.optim, case['optimizer'])(params, **opts)
    except Exception as e:  # noqa: BLE001
        return {'error': error(e)}
    trajectory = []
    for mask in case['masks']:
        opt.zero_grad(set_to_none=case['setToNone'])
        terms = [((p - t) ** 2).sum() for p, t, m in zip(params, targets, mask) if m]
        if terms:
            loss = terms[0]
            for term in terms[1:]:
                loss = loss + term
            loss.backward()
        opt.step()
        trajectory.append([enc(p) for p in params])
    return {'trajectory': trajectory}


def evaluate(cases):
    torch.set_num_threads(1)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for c in cases:
            out.append(run_chain(c) if c['kind'] == 'chain' else run_optim(c))
    return out


def generate(seed, count):
    script = os.path.join(HERE, 'engine-diff', 'cases.mjs')
    text = subprocess.run(['node', script, '--seed', str(seed), '--count', str(count)],
                          check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(text)


def main():
    from golden_common import write_fixture
    cases = generate(SEED, COUNT)
    results = evaluate(cases)
    rows = [{'case': c, 'torch': r} for c, r in zip(cases, results)]
    write_fixture('engine-diff', {'generator': {'seed': SEED, 'count': COUNT, 'torch': torch.__version__},
                                  'cases': rows}, limit=2 * 1024 * 1024)


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--eval':
        with open(sys.argv[2]) as fh:
            cases_in = json.load(fh)
        with open(sys.argv[3], 'w') as fh:
            json.dump(evaluate(cases_in), fh, separators=(',', ':'))
    else:
        sys.dont_write_bytecode = True
        sys.path.insert(0, HERE)
        main()
