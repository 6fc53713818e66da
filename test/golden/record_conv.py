"""Convolution and pooling fixtures (fixtures/conv.json): F.conv2d, F.max_pool2d, F.avg_pool2d,
forward and every gradient (input, weight, bias), over strides, paddings, odd and rectangular
sizes, several channels and batches; the modules' default-init bounds, reprs and state_dict keys.

Arguments are recorded in the form they were given (an int, [n] or [h, w]) so the engine parses
the same spellings. Max-pooling inputs include many ties (small integers): PyTorch's CPU kernel
sends a window's gradient to its first maximum in row-major order, and so must the engine.
"""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from golden_common import enc, integers, normal, seed, t, write_fixture


def conv_case(name, x_shape, w_shape, stride=1, padding=0, bias=True):
    x = t(normal(*x_shape), grad=True)
    w = t(normal(*w_shape, scale=0.5), grad=True)
    b = t(normal(w_shape[0], scale=0.5), grad=True) if bias else None
    out = F.conv2d(x, w, b, stride=stride, padding=padding)
    g = normal(*out.shape)
    out.backward(t(g))
    return {
        'name': name, 'stride': stride, 'padding': padding,
        'x': enc(x), 'weight': enc(w), 'bias': enc(b) if bias else None,
        'out': enc(out), 'g': enc(g), 'xGrad': enc(x.grad), 'weightGrad': enc(w.grad),
        'biasGrad': enc(b.grad) if bias else None,
    }


def record_conv():
    return [
        conv_case('3x3, one channel', (1, 1, 5, 5), (1, 1, 3, 3)),
        conv_case('1x2 edge kernel (book 6.2), no bias', (1, 1, 6, 8), (1, 1, 1, 2), bias=False),
        conv_case('padding 1 keeps the size (book 6.3)', (2, 1, 8, 8), (1, 1, 3, 3), padding=1),
        conv_case('stride 2, padding 1 (book 6.3)', (2, 1, 8, 8), (1, 1, 3, 3), stride=2, padding=1),
        conv_case('rectangular kernel, stride (3, 4), padding (0, 1) (book 6.3)', (1, 1, 8, 8), (1, 1, 3, 5),
                  stride=[3, 4], padding=[0, 1]),
        conv_case('multi-channel in and out (book 6.4)', (2, 3, 6, 5), (4, 3, 3, 3)),
        conv_case('1x1 convolution (book 6.4)', (2, 3, 3, 3), (2, 3, 1, 1)),
        conv_case('odd sizes: 7x5 input, 3x2 kernel, stride 2', (3, 2, 7, 5), (3, 2, 3, 2), stride=2),
        conv_case('stride larger than the kernel', (2, 2, 9, 7), (3, 2, 2, 2), stride=3, padding=1),
        conv_case('padding (2, 1), stride (1, 2), one-element lists', (2, 2, 6, 7), (3, 2, 5, 3),
                  stride=[1, 2], padding=[2, 1]),
        conv_case('stride as a one-element list', (2, 2, 6, 6), (2, 2, 3, 3), stride=[2], padding=[1]),
        conv_case('kernel as large as the padded input', (2, 2, 4, 3), (2, 2, 6, 5), padding=1),
        conv_case('LeNet first layer shape: 1 -> 6, 5x5, padding 2', (3, 1, 10, 10), (6, 1, 5, 5), padding=2),
        conv_case('LeNet second layer shape: 6 -> 16, 5x5', (3, 6, 9, 9), (16, 6, 5, 5)),
        conv_case('unbatched (C, H, W) input', (3, 6, 5), (2, 3, 3, 3), padding=1),
        conv_case('empty batch', (0, 2, 5, 5), (3, 2, 3, 3)),
    ]


def pool_case(kind, name, x, kernel, stride=None, padding=0, count_include_pad=True):
    xt = t(x, grad=True)
    if kind == 'max':
        out = F.max_pool2d(xt, kernel, stride=stride, padding=padding)
    else:
        out = F.avg_pool2d(xt, kernel, stride=stride, padding=padding, count_include_pad=count_include_pad)
    g = normal(*out.shape)
    out.backward(t(g))
    c = {'name': name, 'kernel': kernel, 'stride': stride, 'padding': padding,
         'x': enc(x), 'out': enc(out), 'g': enc(g), 'xGrad': enc(xt.grad)}
    if kind == 'avg':
        c['countIncludePad'] = count_include_pad
    return c


def ties(*shape):
    """Small integers: most windows hold their maximum more than once."""
    return integers(*shape, low=-2, high=3).astype('float32')


def record_max_pool():
    return [
        pool_case('max', '2x2 (stride = kernel)', normal(2, 3, 6, 6), 2),
        pool_case('max', '3x3, stride 2, padding 1 (book 7.x layout)', normal(2, 2, 7, 7), 3, 2, 1),
        pool_case('max', 'overlapping 3x3 windows, stride 1 (book 6.5)', normal(1, 1, 5, 5), 3, 1),
        pool_case('max', 'rectangular kernel, stride (2, 1), padding (1, 0)', normal(2, 2, 7, 6), [2, 3], [2, 1], [1, 0]),
        pool_case('max', 'odd input, window cut off at the edge', normal(2, 1, 7, 5), 2),
        pool_case('max', 'ties: the first maximum of each window gets the gradient', ties(2, 2, 6, 6), 2),
        pool_case('max', 'ties in overlapping windows', ties(1, 2, 6, 6), 3, 1, 1),
        pool_case('max', 'ties, stride 2 with padding', ties(2, 1, 7, 7), 3, 2, 1),
        pool_case('max', 'all equal', np.ones((1, 1, 4, 4), np.float32), 2, 1),
        pool_case('max', 'unbatched (C, H, W) input', normal(3, 5, 5), 2, 1),
        pool_case('max', 'kernel as a one-element list', normal(1, 2, 6, 6), [3], [2]),
    ]


def record_avg_pool():
    return [
        pool_case('avg', '2x2, stride 2 (LeNet)', normal(2, 3, 8, 8), 2, 2),
        pool_case('avg', '2x2, stride = kernel by default, odd input', normal(2, 2, 7, 5), 2),
        pool_case('avg', '3x3, stride 1, padding 1: padding counts in the divisor', normal(2, 2, 5, 5), 3, 1, 1),
        pool_case('avg', '3x3, stride 1, padding 1, countIncludePad false', normal(2, 2, 5, 5), 3, 1, 1, False),
        pool_case('avg', 'rectangular, stride (1, 2), padding (1, 0)', normal(1, 3, 6, 7), [3, 2], [1, 2], [1, 0]),
        pool_case('avg', 'rectangular, padding (1, 1), countIncludePad false', normal(2, 1, 6, 5), [2, 3], [2, 2], [1, 1], False),
        pool_case('avg', 'overlapping 3x3 windows (book 6.5)', normal(1, 1, 5, 5), 3, 1),
        pool_case('avg', 'unbatched (C, H, W) input', normal(2, 6, 6), 3, 2, 1),
    ]


def record_modules():
    """Default-init bounds (checked statistically), reprs and state_dict keys of the new layers."""
    cases = []
    for spec, module in [
        (['Conv2d', 1, 6, 5, {'padding': 2}], nn.Conv2d(1, 6, 5, padding=2)),
        (['Conv2d', 6, 16, 5, {}], nn.Conv2d(6, 16, 5)),
        (['Conv2d', 3, 2, [3, 2], {'stride': 2, 'bias': False}], nn.Conv2d(3, 2, [3, 2], stride=2, bias=False)),
        (['Conv2d', 2, 4, [5, 3], {'stride': [2, 1], 'padding': [2, 1]}], nn.Conv2d(2, 4, (5, 3), stride=(2, 1), padding=(2, 1))),
        (['MaxPool2d', 3, {'padding': 1, 'stride': 2}], nn.MaxPool2d(3, padding=1, stride=2)),
        (['MaxPool2d', [2, 3], {'stride': [2, 1], 'padding': [1, 0]}], nn.MaxPool2d((2, 3), stride=(2, 1), padding=(1, 0))),
        (['AvgPool2d', 2, {'stride': 2}], nn.AvgPool2d(kernel_size=2, stride=2)),
        (['AvgPool2d', 3, {}], nn.AvgPool2d(3)),
    ]:
        c = {'spec': spec, 'repr': repr(module),
             'keys': [[k, list(v.shape)] for k, v in module.state_dict().items()]}
        if isinstance(module, nn.Conv2d):
            fan_in = module.in_channels * module.kernel_size[0] * module.kernel_size[1]
            c['bound'] = 1 / fan_in ** 0.5
        cases.append(c)
    lenet = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))
    lenet_keys = {'repr': repr(lenet), 'keys': [[k, list(v.shape)] for k, v in lenet.state_dict().items()]}
    return cases, lenet_keys


def raises(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is what gets recorded
        return str(e).strip()
    raise AssertionError('expected an error')


def z(*shape):
    return torch.zeros(*shape)


# PyTorch's refusals, by name; conv.test.ts runs the engine spelling of each name and checks that
# its message contains PyTorch's.
ERRORS = {
    'conv2d: 2-D input': lambda: F.conv2d(z(5, 5), z(4, 3, 3, 3)),
    'conv2d: 5-D input': lambda: F.conv2d(z(1, 2, 3, 5, 5), z(4, 3, 3, 3)),
    'conv2d: input channels differ from the weight': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 2, 3, 3)),
    'conv2d: unbatched input with the wrong channels': lambda: F.conv2d(z(2, 5, 5), z(4, 3, 3, 3)),
    'conv2d: kernel larger than the padded input': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 7, 7)),
    'conv2d: empty height': lambda: F.conv2d(z(2, 3, 0, 5), z(4, 3, 3, 3)),
    'conv2d: empty width that the padding covers': lambda: F.conv2d(z(1, 3, 4, 0), z(2, 3, 3, 3), padding=2),
    'conv2d: 2-D weight': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3)),
    'conv2d: 3-D weight': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3)),
    'conv2d: bias of the wrong length': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), z(3)),
    'conv2d: 2-D bias': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), z(4, 1)),
    'conv2d: stride 0': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), stride=0),
    'conv2d: negative stride': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), stride=[1, -1]),
    'conv2d: negative padding': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), padding=-1),
    'conv2d: stride as a list of 3': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), stride=[1, 2, 3]),
    'conv2d: padding as a list of 3': lambda: F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), padding=[1, 1, 1]),
    'conv2d: no output channels': lambda: F.conv2d(z(2, 3, 5, 5), z(0, 3, 3, 3)),
    'Conv2d: input with the wrong channels': lambda: nn.Conv2d(3, 4, 3)(z(2, 2, 5, 5)),
    'max_pool2d: 2-D input': lambda: F.max_pool2d(z(5, 5), 2),
    'max_pool2d: 5-D input': lambda: F.max_pool2d(z(1, 2, 3, 5, 5), 2),
    'max_pool2d: kernel larger than the input': lambda: F.max_pool2d(z(2, 3, 5, 5), 6),
    'max_pool2d: kernel larger than an unbatched input': lambda: F.max_pool2d(z(3, 5, 5), 6),
    'max_pool2d: padding more than half the kernel': lambda: F.max_pool2d(z(2, 3, 5, 5), 2, padding=2),
    'max_pool2d: padding more than half a rectangular kernel': lambda: F.max_pool2d(z(2, 3, 7, 7), [2, 4], padding=[1, 3]),
    'max_pool2d: kernel 0 (so stride 0)': lambda: F.max_pool2d(z(2, 3, 5, 5), 0),
    'max_pool2d: kernel 0, stride 1': lambda: F.max_pool2d(z(2, 3, 5, 5), 0, stride=1),
    'max_pool2d: kernel [2, 0], stride 1': lambda: F.max_pool2d(z(2, 3, 5, 5), [2, 0], stride=1),
    'max_pool2d: negative stride': lambda: F.max_pool2d(z(2, 3, 5, 5), 2, stride=-1),
    'max_pool2d: negative padding': lambda: F.max_pool2d(z(2, 3, 5, 5), 2, padding=-1),
    'max_pool2d: no channels': lambda: F.max_pool2d(z(2, 0, 5, 5), 2),
    'max_pool2d: empty height': lambda: F.max_pool2d(z(2, 3, 0, 5), 2),
    'max_pool2d: unbatched input without channels': lambda: F.max_pool2d(z(0, 5, 5), 2),
    'max_pool2d: kernel as a list of 3': lambda: F.max_pool2d(z(2, 3, 5, 5), [1, 2, 3]),
    'max_pool2d: stride as a list of 3': lambda: F.max_pool2d(z(2, 3, 5, 5), 2, stride=[1, 2, 3]),
    'max_pool2d: padding as a list of 3': lambda: F.max_pool2d(z(2, 3, 5, 5), 2, padding=[1, 2, 3]),
    'avg_pool2d: 1-D input': lambda: F.avg_pool2d(z(5), 2),
    'avg_pool2d: 2-D input': lambda: F.avg_pool2d(z(5, 5), 2),
    'avg_pool2d: 5-D input': lambda: F.avg_pool2d(z(1, 2, 3, 5, 5), 2),
    'avg_pool2d: kernel larger than the input': lambda: F.avg_pool2d(z(2, 3, 5, 5), 6),
    'avg_pool2d: padding more than half the kernel': lambda: F.avg_pool2d(z(2, 3, 5, 5), 2, padding=2),
    'avg_pool2d: kernel 0 (so stride 0)': lambda: F.avg_pool2d(z(2, 3, 5, 5), 0),
    'avg_pool2d: kernel -1, stride 1': lambda: F.avg_pool2d(z(2, 3, 5, 5), -1, stride=1),
    'avg_pool2d: negative stride': lambda: F.avg_pool2d(z(2, 3, 5, 5), 2, stride=-1),
    'avg_pool2d: negative padding': lambda: F.avg_pool2d(z(2, 3, 5, 5), 2, padding=-1),
    'avg_pool2d: no channels': lambda: F.avg_pool2d(z(2, 0, 5, 5), 2),
    'avg_pool2d: kernel as a list of 3': lambda: F.avg_pool2d(z(2, 3, 5, 5), [1, 2, 3]),
    'avg_pool2d: stride as a list of 3': lambda: F.avg_pool2d(z(2, 3, 5, 5), 2, stride=[1, 2, 3]),
    'avg_pool2d: padding as a list of 3': lambda: F.avg_pool2d(z(2, 3, 5, 5), 2, padding=[1, 2, 3]),
}


def record_errors():
    return [{'name': name, 'message': raises(fn)} for name, fn in ERRORS.items()]


def record_non_finite():
    """Max pooling with NaN and infinities: a NaN wins its window (the last NaN), an all -inf window
    gives -inf with the gradient on its first element; average pooling spreads them."""
    from record_diff import enc as enc_nf
    nan, inf = float('nan'), float('inf')
    x = [[[[1.0, nan, 2.0, 0.5], [nan, 3.0, -inf, -inf], [-inf, -inf, inf, 1.0], [-inf, -inf, 2.0, inf]]]]
    cases = []
    for name, fn in [('max_pool2d 2x2', lambda v: F.max_pool2d(v, 2)),
                     ('max_pool2d 3x3, stride 1, padding 1', lambda v: F.max_pool2d(v, 3, 1, 1)),
                     ('avg_pool2d 2x2', lambda v: F.avg_pool2d(v, 2))]:
        xt = torch.tensor(x, requires_grad=True)
        out = fn(xt)
        out.backward(torch.ones_like(out))
        cases.append({'name': name, 'x': enc_nf(xt), 'out': enc_nf(out), 'xGrad': enc_nf(xt.grad)})
    return cases


def main():
    seed(19)
    modules, lenet_keys = record_modules()
    write_fixture('conv', {
        'conv2d': record_conv(), 'maxPool2d': record_max_pool(), 'avgPool2d': record_avg_pool(),
        'modules': modules, 'lenetKeys': lenet_keys, 'errors': record_errors(), 'nonFinite': record_non_finite(),
    })
