# 4.1 多层感知机：激活函数 — ReLU, sigmoid and tanh and their derivatives by autograd
METRIC = 'max_abs_error'

# [hyperparameters]

FUNCTIONS = {'relu': torch.relu, 'sigmoid': torch.sigmoid, 'tanh': torch.tanh}


def make_data():
    """x on [-8, 8]; with the workbench's curves (data.npz) when there are some, to compare against."""
    return run_data(lambda: {'x': torch.linspace(-8.0, 8.0, 161)})


def curves(x):
    """Each function and its derivative: y.backward(torch.ones_like(x)), then x.grad."""
    out = {}
    for name, f in FUNCTIONS.items():
        x = x.detach().clone().requires_grad_(True)
        y = f(x)
        y.backward(torch.ones_like(x), retain_graph=True)
        out[name] = y.detach()
        out[name + '_grad'] = x.grad.detach()
    return out


def make_net():
    return None  # no parameters: the section plots functions


def train(net, d):
    c = curves(d['x'])
    log('x        ' + '  '.join(f'{k:>12}' for k in c))
    for i in range(0, len(d['x']), 20):
        log(f'{float(d["x"][i]):5.1f}    ' + '  '.join(f'{float(v[i]):12.4f}' for v in c.values()))


def evaluate(net, d):
    """The largest difference from the workbench's curves (0 when there are none to compare)."""
    c = curves(d['x'])
    return max((float((c[k] - d[k]).abs().max()) for k in c if k in d), default=0.0)
