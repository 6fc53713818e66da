"""Tensor-op fixtures (fixtures/ops.json): every op of docs/engine-api.md with its input gradients.

A case names the engine op in its TypeScript spelling and the extra arguments it takes, so
ops.test.ts can replay it generically as inputs[0][op](...inputs.slice(1), ...args). Each case is
also replayed in float64 to check that float32 rounding alone keeps the recorded values inside the
tolerance the test uses (a case that needs a looser one says so in `tol` and `why`).
"""
import numpy as np
import torch

from golden_common import away_from_zero, enc, integers, normal, seed, t, uniform, write_fixture

REL, ABS = 1e-5, 1e-6
TORCH_NAME = {'indexSelect': 'index_select', 'logSoftmax': 'log_softmax'}
COMPARISONS = {'eq', 'ne', 'lt', 'le', 'gt', 'ge'}
NON_DIFFERENTIABLE = COMPARISONS | {'argmax'}


class Index:
    """An integer index tensor argument (gather / indexSelect); JSON: {"index": {shape, data}}."""

    def __init__(self, a):
        self.a = np.asarray(a, dtype=np.int64)


def torch_args(args):
    out = []
    for a in args:
        if isinstance(a, Index):
            out.append(torch.tensor(a.a))
        elif isinstance(a, list):  # a number[] index (indexSelect)
            out.append(torch.tensor(a, dtype=torch.long))
        else:
            out.append(a)
    return out


def json_args(args):
    return [{'index': enc(a.a)} if isinstance(a, Index) else a for a in args]


def call(kind, op, xs, args):
    targs = torch_args(args)
    if kind == 'function':
        return getattr(torch, op)(xs, *targs)
    if kind == 'getter':
        return getattr(xs[0], op)
    out = getattr(xs[0], TORCH_NAME.get(op, op))(*xs[1:], *targs)
    if op == 'max' and args:
        out = out.values  # the engine's max(dim) returns values only
    if op in COMPARISONS:
        out = out.float()
    if op == 'argmax':
        out = out.float()
    return out


def worst_ratio(got, exact, rel, abs_):
    """max |got - exact| / (abs + rel |exact|): ≤ 1 means inside the tolerance."""
    got = got.detach().double().numpy()
    exact = exact.detach().double().numpy()
    return float(np.max(np.abs(got - exact) / (abs_ + rel * np.abs(exact)), initial=0.0))


cases = []


def case(name, op, inputs, args=(), kind='method', tol=None, why=None):
    diff = op not in NON_DIFFERENTIABLE
    xs = [t(a, grad=diff) for a in inputs]
    out = call(kind, op, xs, args)
    c = {'name': name, 'op': op}
    if kind != 'method':
        c['kind'] = kind
    c['args'] = json_args(args)
    c['inputs'] = [enc(a) for a in inputs]
    c['out'] = enc(out)
    g = None
    if diff:
        g = normal(*out.shape)
        out.backward(t(g))
        c['g'] = enc(g)
        c['grads'] = [enc(x.grad) for x in xs]
    if tol:
        c['tol'] = tol
        c['why'] = why
    check_float64(c, kind, op, inputs, args, out, xs, g)
    cases.append(c)


def check_float64(c, kind, op, inputs, args, out, xs, g):
    """Warns when float32 rounding alone uses more than half of the case's tolerance."""
    if op in NON_DIFFERENTIABLE:
        return
    rel, abs_ = (c['tol']['rel'], c['tol']['abs']) if 'tol' in c else (REL, ABS)
    xs64 = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in inputs]
    out64 = call(kind, op, xs64, args)
    out64.backward(torch.tensor(g, dtype=torch.float64))
    ratio = worst_ratio(out, out64, rel, abs_)
    for x, x64 in zip(xs, xs64):
        ratio = max(ratio, worst_ratio(x.grad, x64.grad, rel, abs_))
    if ratio > 0.5:
        print(f'  precision warning: {c["name"]} uses {ratio:.2f} of its tolerance in float32')


def away_from(a, points, margin=0.05):
    """Nudges values off clamp bounds so the gradient there is unambiguous."""
    a = a.copy()
    for p in points:
        near = np.abs(a - p) < margin
        a[near] = p + np.where(a[near] >= p, margin, -margin)
    return a.astype(np.float32)


def record_elementwise():
    for op in ['add', 'sub', 'mul', 'div']:
        rhs = (lambda *s: away_from_zero(*s, low=0.5)) if op == 'div' else normal
        case(f'{op}/same shape (2,3)', op, [normal(2, 3), rhs(2, 3)])
        case(f'{op}/broadcast (3,1) & (1,4)', op, [normal(3, 1), rhs(1, 4)])
        case(f'{op}/broadcast (2,3) & (3,)', op, [normal(2, 3), rhs(3)])
        case(f'{op}/broadcast (2,1,3) & (4,1)', op, [normal(2, 1, 3), rhs(4, 1)])
        case(f'{op}/broadcast (3,) & (2,3) (left operand grows)', op, [normal(3), rhs(2, 3)])
        case(f'{op}/0-d tensor other', op, [normal(2, 3), rhs()])
        case(f'{op}/number other', op, [normal(2, 3)], [2.5])
    case('neg', 'neg', [normal(2, 3)])
    case('exp', 'exp', [uniform(3, 4, low=-2, high=2)])
    case('log', 'log', [uniform(3, 4, low=0.1, high=3)])
    case('sqrt', 'sqrt', [uniform(3, 4, low=0.1, high=3)])
    case('abs', 'abs', [away_from_zero(3, 4)])
    case('relu', 'relu', [away_from_zero(3, 4)])
    case('sigmoid', 'sigmoid', [normal(3, 4, scale=3)])
    case('sigmoid/saturated', 'sigmoid', [np.array([-100, -30, -10, 0, 10, 30, 100], np.float32)])
    case('tanh', 'tanh', [normal(3, 4, scale=2)])
    case('tanh/saturated', 'tanh', [np.array([-100, -20, -5, 0, 5, 20, 100], np.float32)])
    for p in [2, 3]:
        case(f'pow/number exponent {p}', 'pow', [normal(3, 4)], [p])
    for p in [0.5, -1.5, 0]:
        case(f'pow/number exponent {p} (positive base)', 'pow', [uniform(3, 4, low=0.2, high=2)], [p])
    case('pow/tensor exponent', 'pow', [uniform(2, 3, low=0.5, high=2), uniform(2, 3, low=-2, high=2)])
    case('pow/tensor exponent broadcast (2,3) & (3,)', 'pow',
         [uniform(2, 3, low=0.5, high=2), uniform(3, low=-2, high=2)])
    x = away_from(normal(3, 4), [-0.5, 0.5])
    case('clamp/min and max', 'clamp', [x], [-0.5, 0.5])
    case('clamp/min only', 'clamp', [away_from(normal(3, 4), [0.0])], [0.0])
    case('clamp/max only', 'clamp', [away_from(normal(3, 4), [0.3])], [None, 0.3])


def record_comparisons():
    for op in sorted(COMPARISONS):
        a = integers(3, 4, high=3).astype(np.float32)
        case(f'{op}/same shape', op, [a, integers(3, 4, high=3).astype(np.float32)])
        case(f'{op}/broadcast (3,4) & (4,)', op, [a, integers(4, high=3).astype(np.float32)])
        case(f'{op}/number other', op, [a], [1])
    m = normal(3, 4)
    case('argmax/all', 'argmax', [m])
    case('argmax/dim 1', 'argmax', [m], [1])
    case('argmax/dim 0 keepdim', 'argmax', [m], [0, True])
    case('argmax/dim -1 of (2,3,4)', 'argmax', [normal(2, 3, 4)], [-1])


def record_matmul():
    case('matmul/1-D . 1-D', 'matmul', [normal(4), normal(4)])
    case('matmul/2-D . 1-D', 'matmul', [normal(3, 4), normal(4)])
    case('matmul/1-D . 2-D', 'matmul', [normal(4), normal(4, 5)])
    case('matmul/2-D . 2-D', 'matmul', [normal(3, 4), normal(4, 5)])
    case('matmul/batched (2,3,4) . (2,4,5)', 'matmul', [normal(2, 3, 4), normal(2, 4, 5)])
    case('matmul/batched (2,3,4) . (4,5)', 'matmul', [normal(2, 3, 4), normal(4, 5)])
    case('matmul/batched (3,4) . (2,4,5)', 'matmul', [normal(3, 4), normal(2, 4, 5)])
    case('matmul/batched broadcast (2,1,3,4) . (3,4,2)', 'matmul', [normal(2, 1, 3, 4), normal(3, 4, 2)])
    case('matmul/batched (2,3,4) . 1-D', 'matmul', [normal(2, 3, 4), normal(4)])
    case('matmul/large (32,64) . (64,16)', 'matmul', [normal(32, 64), normal(64, 16)],
         tol={'rel': 1e-4, 'abs': 1e-5},
         why='64-term float32 dot products; summation order differs between BLAS and torch')


def record_reductions():
    m, cube = normal(3, 4), normal(2, 3, 4)
    for op in ['sum', 'mean', 'max']:
        case(f'{op}/all', op, [m])
        case(f'{op}/dim 0', op, [m], [0])
        case(f'{op}/dim 1 keepdim', op, [m], [1, True])
        case(f'{op}/dim -1', op, [m], [-1])
        case(f'{op}/dim 1 keepdim of (2,3,4)', op, [cube], [1, True])
        case(f'{op}/dim -3 of (2,3,4)', op, [cube], [-3])
    big = normal(40, 25)
    why = '1000-term float32 reduction; summation order differs (pairwise in torch)'
    case('sum/all of 1000', 'sum', [big], tol={'rel': 1e-4, 'abs': 1e-4}, why=why)
    case('mean/all of 1000', 'mean', [big], tol={'rel': 1e-4, 'abs': 1e-6}, why=why)
    large = np.array([[1000, 0, -1000], [1000, 1000, 1000], [-1000, -999, -998]], np.float32)
    for op in ['softmax', 'logSoftmax']:
        case(f'{op}/dim 1', op, [normal(3, 5, scale=2)], [1])
        case(f'{op}/dim 0', op, [normal(3, 5, scale=2)], [0])
        case(f'{op}/dim -1 of (2,3,4)', op, [normal(2, 3, 4, scale=2)], [-1])
        case(f'{op}/large logits', op, [large], [1])
    case('logsumexp/dim 1', 'logsumexp', [normal(3, 5, scale=2)], [1])
    case('logsumexp/dim 0 keepdim', 'logsumexp', [normal(3, 5, scale=2)], [0, True])
    case('logsumexp/dim -1 of (2,3,4)', 'logsumexp', [normal(2, 3, 4, scale=2)], [-1])
    case('logsumexp/large values', 'logsumexp', [large], [1], tol={'rel': 1e-4, 'abs': 1e-6},
         why='torch backpropagates exp(x - out) with out rounded to float32 near 1000 '
             '(spacing 6e-5), so its own gradient is ~2e-5 off relative')


def record_shapes():
    m, cube = normal(3, 4), normal(2, 3, 4)
    case('reshape/(3,4) to (2,6)', 'reshape', [m], [2, 6])
    case('reshape/-1 to 1-D', 'reshape', [m], [-1])
    case('reshape/(4,-1,1)', 'reshape', [m], [4, -1, 1])
    case('view/(3,4) to (6,2)', 'view', [m], [6, 2])
    case('transpose/(0,1)', 'transpose', [m], [0, 1])
    case('transpose/(0,2) of (2,3,4)', 'transpose', [cube], [0, 2])
    case('transpose/(-1,-2) of (2,3,4)', 'transpose', [cube], [-1, -2])
    case('T', 'T', [m], kind='getter')
    case('flatten/all', 'flatten', [cube])
    case('flatten/start 1', 'flatten', [cube], [1])
    case('flatten/(0,1)', 'flatten', [cube], [0, 1])
    case('unsqueeze/0', 'unsqueeze', [m], [0])
    case('unsqueeze/-1', 'unsqueeze', [m], [-1])
    case('unsqueeze/1', 'unsqueeze', [m], [1])
    ones = normal(1, 3, 1, 4)
    case('squeeze/all size-1 dims', 'squeeze', [ones])
    case('squeeze/dim 0', 'squeeze', [ones], [0])
    case('squeeze/dim -2', 'squeeze', [ones], [-2])
    case('squeeze/dim of size 3 is a no-op', 'squeeze', [ones], [1])
    case('cat/dim 0', 'cat', [normal(2, 3), normal(1, 3), normal(3, 3)], [0], kind='function')
    case('cat/dim 1', 'cat', [normal(2, 3), normal(2, 2)], [1], kind='function')
    case('cat/dim -1 of 3-D', 'cat', [normal(2, 3, 1), normal(2, 3, 2)], [-1], kind='function')
    case('stack/dim 0', 'stack', [normal(2, 3), normal(2, 3), normal(2, 3)], [0], kind='function')
    case('stack/dim 1', 'stack', [normal(2, 3), normal(2, 3)], [1], kind='function')
    case('stack/dim -1', 'stack', [normal(2, 3), normal(2, 3)], [-1], kind='function')


def record_indexing():
    table = normal(5, 3)
    case('indexSelect/rows of a mini-batch (repeats)', 'indexSelect', [table], [0, [2, 0, 2, 4]])
    case('indexSelect/columns', 'indexSelect', [normal(3, 4)], [1, [3, 1]])
    case('indexSelect/index tensor', 'indexSelect', [table], [0, Index([4, 1, 1])])
    case('gather/dim 1 picks one class per row', 'gather', [normal(4, 5)],
         [1, Index([[1], [0], [4], [2]])])
    case('gather/dim 1 with repeats', 'gather', [normal(3, 4)], [1, Index([[0, 0], [3, 1], [2, 2]])])
    case('gather/dim 0', 'gather', [normal(4, 3)], [0, Index([[3, 0, 1], [0, 0, 2]])])


def record():
    record_elementwise()
    record_comparisons()
    record_matmul()
    record_reductions()
    record_shapes()
    record_indexing()
    return cases


def record_graphs():
    """Small graphs where a value is used more than once, so gradients must accumulate."""
    graphs = []
    x, y = normal(3, 4), normal(4)

    def run(name, fn, inputs):
        xs = [t(a, grad=True) for a in inputs]
        out = fn(*xs)
        out.backward()
        graphs.append({'name': name, 'inputs': [enc(a) for a in inputs], 'out': enc(out),
                       'grads': [enc(v.grad) for v in xs]})

    # Names are keys into the same table in ops.test.ts.
    run('x*x + exp(x), summed', lambda a: (a * a + a.exp()).sum(), [x])
    run('tanh(x) * sigmoid(tanh(x)), mean', lambda a: (a.tanh() * a.tanh().sigmoid()).mean(), [x])
    run('((x @ y) - y.sum())^2 summed', lambda a, b: ((a.matmul(b) - b.sum()) ** 2).sum(), [x, y])
    run('logSoftmax + gather + mean (hand-made cross-entropy)',
        lambda a: -a.log_softmax(1).gather(1, torch.tensor([[1], [0], [3]])).mean(), [x])
    return graphs


def record_creation():
    """Deterministic creation functions; arguments are spelled the same in both APIs."""
    rows = []
    for fn, args in [('arange', [5]), ('arange', [2, 10, 3]), ('arange', [0, 1, 0.1]),
                     ('arange', [-1, 1, 0.25]), ('linspace', [0, 1, 5]), ('linspace', [-1, 1, 7]),
                     ('linspace', [2, 3, 1]), ('eye', [3]), ('eye', [2, 4]), ('zeros', [[2, 3]]),
                     ('ones', [[4]]), ('full', [[2, 3], 1.5])]:
        out = getattr(torch, fn)(*args).float()
        rows.append({'name': f'{fn}({", ".join(map(str, args))})', 'fn': fn, 'args': args, 'out': enc(out)})
    return rows


def main():
    seed(1)
    ops = record()
    graphs = record_graphs()
    write_fixture('ops', {'tolerance': {'rel': REL, 'abs': ABS}, 'cases': ops, 'graphs': graphs,
                          'creation': record_creation()})
