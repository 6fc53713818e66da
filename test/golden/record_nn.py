"""nn fixtures (fixtures/nn.json): layers, losses, one MLP training step and state_dict naming.

Parameters are set from recorded numpy values, never from torch's initialisers, so the engine can
load exactly the same numbers. Dropout is not recorded: its mask comes from an RNG the engine does
not share with torch; dropout.test.ts checks its statistics instead.
"""
import numpy as np
import torch
from torch import nn

from golden_common import away_from_zero, enc, integers, normal, seed, t, uniform, write_fixture


def set_params(module, values):
    with torch.no_grad():
        for p, v in zip(module.parameters(), values):
            p.copy_(t(v))


def record_linear():
    cases = []
    for bias in [True, False]:
        layer = nn.Linear(4, 3, bias=bias)
        params = [uniform(3, 4, low=-0.5, high=0.5)] + ([uniform(3, low=-0.5, high=0.5)] if bias else [])
        set_params(layer, params)
        x = t(normal(5, 4), grad=True)
        out = layer(x)
        g = normal(*out.shape)
        out.backward(t(g))
        cases.append({
            'name': f'Linear(4, 3, bias={bias})', 'inFeatures': 4, 'outFeatures': 3, 'bias': bias,
            'stateDict': {k: enc(v) for k, v in layer.state_dict().items()},
            'x': enc(x), 'out': enc(out), 'g': enc(g), 'xGrad': enc(x.grad),
            'paramGrads': {k: enc(p.grad) for k, p in layer.named_parameters()},
        })
    return cases


def record_activations():
    cases = []
    for name, module, x in [
        ('ReLU', nn.ReLU(), away_from_zero(3, 4)),  # clear of the kink at 0
        ('Sigmoid', nn.Sigmoid(), normal(3, 4, scale=3)),
        ('Tanh', nn.Tanh(), normal(3, 4, scale=2)),
        ('Flatten', nn.Flatten(), normal(2, 3, 4, 5)),
        ('Flatten(0, 1)', nn.Flatten(0, 1), normal(2, 3, 4)),
    ]:
        xt = t(x, grad=True)
        out = module(xt)
        g = normal(*out.shape)
        out.backward(t(g))
        args = [0, 1] if name == 'Flatten(0, 1)' else []
        cases.append({'name': name, 'module': name.split('(')[0], 'args': args, 'x': enc(x),
                      'out': enc(out), 'g': enc(g), 'xGrad': enc(xt.grad)})
    return cases


def loss_case(name, loss_fn, reduction, x, target, target_dtype):
    xt = t(x, grad=True)
    out = loss_fn(reduction=reduction)(xt, torch.tensor(target, dtype=target_dtype))
    c = {'name': name, 'reduction': reduction, 'input': enc(x), 'target': enc(target), 'out': enc(out)}
    if reduction == 'none':
        g = normal(*out.shape)
        out.backward(t(g))
        c['g'] = enc(g)
    else:
        out.backward()
    c['inputGrad'] = enc(xt.grad)
    return c


def record_losses():
    mse, ce = [], []
    x, y = normal(5, 3), normal(5, 3)
    for r in ['mean', 'sum', 'none']:
        mse.append(loss_case(f'MSELoss {r}', nn.MSELoss, r, x, y, torch.float32))
    logits, labels = normal(6, 5, scale=2), integers(6, high=5)
    large = np.array([[1000, 0, -1000], [1000, 1000, 1000], [-1000, 1000, 0], [0, 0, 1000]], np.float32)
    large_labels = np.array([0, 1, 0, 1], np.int64)
    for r in ['mean', 'sum', 'none']:
        ce.append(loss_case(f'CrossEntropyLoss {r}', nn.CrossEntropyLoss, r, logits, labels, torch.long))
        ce.append(loss_case(f'CrossEntropyLoss {r}, logits of ±1000', nn.CrossEntropyLoss, r,
                            large, large_labels, torch.long))
    return mse, ce


def record_mlp_step():
    """One d2l training step: Sequential(Linear, ReLU, Linear), CrossEntropyLoss, SGD(lr=0.1)."""
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4))
    set_params(model, [uniform(8, 6, low=-0.4, high=0.4), uniform(8, low=-0.4, high=0.4),
                       uniform(4, 8, low=-0.35, high=0.35), uniform(4, low=-0.35, high=0.35)])
    before = {k: enc(v.clone()) for k, v in model.state_dict().items()}
    x, y = normal(5, 6), integers(5, high=4)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    logits = model(t(x))
    loss = nn.CrossEntropyLoss()(logits, torch.tensor(y))
    opt.zero_grad()
    loss.backward()
    grads = {k: enc(p.grad) for k, p in model.named_parameters()}
    opt.step()
    return {'name': 'MLP 6-8-4, CrossEntropyLoss, SGD lr 0.1', 'lr': 0.1, 'x': enc(x), 'y': enc(y),
            'before': before, 'logits': enc(logits), 'loss': enc(loss), 'grads': grads,
            'after': {k: enc(v) for k, v in model.state_dict().items()}}


def keys_and_shapes(model):
    return [[k, list(v.shape)] for k, v in model.state_dict().items()]


def record_state_dicts():
    """Key names and shapes only; the engine's layer specs mirror the Python constructors below."""
    return [
        {'name': 'MLP 784-256-10', 'layers': [['Linear', 784, 256], ['ReLU'], ['Linear', 256, 10]],
         'keys': keys_and_shapes(nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)))},
        {'name': 'd2l MLP with Flatten and Dropout',
         'layers': [['Flatten'], ['Linear', 784, 256], ['ReLU'], ['Dropout', 0.5], ['Linear', 256, 10]],
         'keys': keys_and_shapes(nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
                                               nn.Dropout(0.5), nn.Linear(256, 10)))},
        {'name': 'nested Sequential, bias=False layer',
         'layers': [['Sequential', ['Linear', 4, 3], ['Tanh']], ['Linear', 3, 2, False]],
         'keys': keys_and_shapes(nn.Sequential(nn.Sequential(nn.Linear(4, 3), nn.Tanh()),
                                               nn.Linear(3, 2, bias=False)))},
    ]


def main():
    seed(2)
    mse, ce = record_losses()
    write_fixture('nn', {
        'linear': record_linear(), 'modules': record_activations(), 'mse': mse,
        'crossEntropy': ce, 'mlpStep': [record_mlp_step()], 'stateDict': record_state_dicts(),
    })
