"""Optimiser fixtures (fixtures/optim.json): SGD and Adam trajectories and constructor errors.

Every case minimises the same small least-squares problem,
    loss = ((X @ w + b - Y) ** 2).mean(),   X (8, 3), w (3, 2), b (2,), Y (8, 2),
from the same starting w, b, so the gradient depends on the parameters and optimiser state
(momentum buffers, Adam moments) matters from the second step on. Options are stored with the
engine's camelCase names.
"""
import torch

from golden_common import enc, normal, seed, t, write_fixture

SNAKE = {'weightDecay': 'weight_decay'}

CASES = [
    ('SGD', {'lr': 0.1}, 1),
    ('SGD', {'lr': 0.1, 'weightDecay': 0.05}, 1),
    ('SGD', {'lr': 0.1, 'momentum': 0.9}, 3),
    ('SGD', {'lr': 0.1, 'momentum': 0.9, 'dampening': 0.5}, 3),
    ('SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True}, 3),
    ('SGD', {'lr': 0.05, 'momentum': 0.8, 'weightDecay': 0.1, 'nesterov': True}, 3),
    ('Adam', {'lr': 0.01}, 3),
    ('Adam', {'lr': 0.05, 'betas': [0.8, 0.99], 'eps': 1e-6}, 3),
    ('Adam', {'lr': 0.01, 'weightDecay': 0.1}, 3),
]

# Values chosen so Python and JavaScript print them identically (-1, not -1.0).
ERRORS = [
    ('SGD', {'lr': -1}),
    ('SGD', {'lr': 0.1, 'momentum': -0.5}),
    ('SGD', {'lr': 0.1, 'weightDecay': -1}),
    ('SGD', {'lr': 0.1, 'nesterov': True}),
    ('SGD', {'lr': 0.1, 'momentum': 0.9, 'dampening': 0.5, 'nesterov': True}),
    ('Adam', {'lr': -1}),
    ('Adam', {'lr': 0.1, 'eps': -0.5}),
    ('Adam', {'lr': 0.1, 'betas': [1.5, 0.999]}),
    ('Adam', {'lr': 0.1, 'betas': [0.9, -0.5]}),
    ('Adam', {'lr': 0.1, 'weightDecay': -1}),
]


def torch_options(options):
    return {SNAKE.get(k, k): (tuple(v) if k == 'betas' else v) for k, v in options.items()}


def loss_of(problem, w, b):
    return ((t(problem['X']).matmul(w) + b - t(problem['Y'])) ** 2).mean()


def record_case(problem, name, options, steps):
    w, b = t(problem['w0'], grad=True), t(problem['b0'], grad=True)
    opt = getattr(torch.optim, name)([w, b], **torch_options(options))
    losses, trajectory = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_of(problem, w, b)
        loss.backward()
        opt.step()
        losses.append(enc(loss))
        trajectory.append({'w': enc(w), 'b': enc(b)})
    label = ', '.join(f'{k}={v}' for k, v in options.items())
    return {'name': f'{name}({label}) x{steps}', 'optimizer': name, 'options': options,
            'steps': steps, 'losses': losses, 'trajectory': trajectory}


def record_error(name, options):
    w = torch.zeros(3, 2, requires_grad=True)
    try:
        getattr(torch.optim, name)([w], **torch_options(options))
    except ValueError as err:
        return {'optimizer': name, 'options': options, 'message': str(err)}
    raise SystemExit(f'{name}({options}) did not raise; pick options torch rejects')


def main():
    seed(3)
    problem = {'X': normal(8, 3), 'Y': normal(8, 2), 'w0': normal(3, 2, scale=0.5),
               'b0': normal(2, scale=0.5)}
    write_fixture('optim', {
        'problem': {k: enc(v) for k, v in problem.items()},
        'cases': [record_case(problem, *c) for c in CASES],
        'errors': [record_error(*e) for e in ERRORS],
    })
