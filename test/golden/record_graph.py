"""Graph fixtures (fixtures/graph.json): PyTorch's grad_fn graph for the book's models and losses.

Each case names its layers, loss and input shape in a small spec both sides build from, so the
engine test (graph.test.ts) builds the same module and compares autogradGraph() with this,
node by node (names, shapes, the walk's order) and edge by edge.
"""
import torch
from torch import nn

from golden_common import integers, normal, seed, t, write_fixture
from torch_graph import torch_graph


def build(layers):
    mods = []
    for spec in layers:
        kind, args = spec[0], spec[1:]
        if kind == 'Linear':
            mods.append(nn.Linear(args[0], args[1], bias=args[2]))
        elif kind == 'Flatten':
            mods.append(nn.Flatten())
        elif kind == 'ReLU':
            mods.append(nn.ReLU())
        elif kind == 'Sigmoid':
            mods.append(nn.Sigmoid())
        elif kind == 'Tanh':
            mods.append(nn.Tanh())
        elif kind == 'Dropout':
            mods.append(nn.Dropout(args[0]))
        else:
            raise ValueError(kind)
    return nn.Sequential(*mods)


CASES = [
    # (name, layers, loss, input shape, classes)
    ('3.3 linreg-concise', [['Linear', 2, 1, True]], 'mse', [4, 2], 0),
    ('3.7 softmax-concise', [['Flatten'], ['Linear', 12, 3, True]], 'ce', [4, 1, 3, 4], 3),
    ('3.7 softmax, reduction none then mean', [['Flatten'], ['Linear', 12, 3, True]], 'ce-none-mean', [4, 1, 3, 4], 3),
    ('4.3 mlp-concise', [['Flatten'], ['Linear', 12, 5, True], ['ReLU'], ['Linear', 5, 3, True]], 'ce', [4, 1, 3, 4], 3),
    ('4.6 dropout', [['Flatten'], ['Linear', 12, 6, True], ['ReLU'], ['Dropout', 0.5], ['Linear', 6, 5, True], ['ReLU'],
                     ['Dropout', 0.5], ['Linear', 5, 3, True]], 'ce', [4, 1, 3, 4], 3),
    ('dropout p = 0 is no node', [['Flatten'], ['Linear', 12, 5, True], ['ReLU'], ['Dropout', 0.0], ['Linear', 5, 3, True]],
     'ce', [4, 1, 3, 4], 3),
    ('sigmoid, no bias', [['Linear', 4, 5, True], ['Sigmoid'], ['Linear', 5, 3, False]], 'ce', [6, 4], 3),
    ('tanh is not fused', [['Linear', 4, 5, True], ['Tanh'], ['Linear', 5, 2, True]], 'mse', [6, 4], 0),
]


def record_cases():
    seed(1700)
    out = []
    for name, layers, loss, shape, classes in CASES:
        net = build(layers)
        x = t(normal(*shape))
        y = net(x)
        if loss == 'mse':
            target = t(normal(*y.shape))
            value = nn.MSELoss()(y, target)
        else:
            target = torch.tensor(integers(shape[0], high=classes))
            if loss == 'ce':
                value = nn.CrossEntropyLoss()(y, target)
            else:
                value = nn.CrossEntropyLoss(reduction='none')(y, target).mean()
        out.append({'name': name, 'layers': layers, 'loss': loss, 'inputShape': shape, 'classes': classes,
                    'graph': torch_graph(value)})
    return out


def main():
    write_fixture('graph', {'cases': record_cases()})


if __name__ == '__main__':
    main()
