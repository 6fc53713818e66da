"""Replays engine steps in PyTorch 1.13 (used by step-parity.test.ts; reads JSON on stdin).

Input: a list of jobs {"experiment": id, "hp": {...}, "steps": [the JSON lines of
`d2l-workbench step … --json`]}, all in one call because importing torch takes seconds.
For every step the same model as the experiment's (src/main/experiments/<id>.ts) gets the step's
paramsBefore, runs the step's batch exactly as the engine's model received it, computes the loss the
loop calls backward() on, and takes torch.optim.SGD's step. Output: per step the loss, gradients,
paramsAfter and grad_fn graph (torch_graph.py); per job the list of its steps; as JSON on stdout.
"""
import json
import sys

import numpy as np
import torch
from torch import nn

from torch_graph import torch_graph


def model(experiment, hp):
    if experiment == 'linreg-concise':
        return nn.Sequential(nn.Linear(2, 1)), 'mse'
    if experiment == 'softmax-concise':
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), 'ce'
    if experiment == 'mlp-concise':
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)), 'ce'
    if experiment == 'dropout':
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(hp['dropout1']),
                             nn.Linear(256, 256), nn.ReLU(), nn.Dropout(hp['dropout2']), nn.Linear(256, 10)), 'ce'
    raise SystemExit(f'step_parity.py: no PyTorch model for {experiment}')


def tensor(e):
    return torch.tensor(np.asarray(e['data'], dtype=np.float32).reshape(e['shape']))


def enc(t):
    return {'shape': list(t.shape), 'data': t.detach().numpy().ravel().astype(np.float64).tolist()}


def replay(job):
    out = []
    for rec in job['steps']:
        net, kind = model(job['experiment'], job['hp'])
        net.train()
        net.load_state_dict({k: tensor(v) for k, v in rec['paramsBefore'].items()})
        X, y = tensor(rec['batch']['X']), tensor(rec['batch']['y'])
        if kind == 'mse':
            loss = nn.MSELoss()(net(X), y)
        else:
            # The book's loop: CrossEntropyLoss(reduction='none'), then l.mean().backward().
            loss = nn.CrossEntropyLoss(reduction='none')(net(X), y.long()).mean()
        trainer = torch.optim.SGD(net.parameters(), lr=job['hp']['lr'])
        trainer.zero_grad()
        value = loss.item()
        graph = torch_graph(loss)  # runs loss.backward()
        grads = {k: enc(p.grad) for k, p in net.named_parameters()}
        trainer.step()
        out.append({'step': rec['step'], 'loss': value, 'grads': grads,
                    'paramsAfter': {k: enc(v) for k, v in net.state_dict().items()}, 'graph': graph})
    return out


def main():
    torch.set_num_threads(1)
    # dumps, not dump: dump streams through the pure-Python encoder, seconds slower on ~3M numbers.
    sys.stdout.write(json.dumps([replay(job) for job in json.load(sys.stdin)]))


if __name__ == '__main__':
    main()
