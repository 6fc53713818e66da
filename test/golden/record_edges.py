"""Edge fixtures (fixtures/edges.json): the places issue 20 pins the engine to PyTorch 1.13, one
named case each. A case returns a flat record of what PyTorch gives: tensors (values may be
"nan"/"inf"/"-inf"), error messages (the engine's message must contain them), shapes, flags.
edges.test.ts runs the engine version of each case under the same name.

Keys ending in "~" are statistics compared loosely (dropout's share of zeros).
"""
import torch
import torch.nn.functional as F
from torch import nn

from golden_common import write_fixture
from record_diff import enc

cases = {}


def case(name):
    def register(fn):
        cases[name] = fn
        return fn
    return register


def t(values, grad=False):
    return torch.tensor(values, dtype=torch.float32, requires_grad=grad)


def raises(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is what gets recorded
        return str(e)
    raise AssertionError('expected an error')


# 1. Defaults and options --------------------------------------------------------------------

@case('1 dropout: F.dropout(x) drops with p = 0.5 in training mode by default')
def _():
    torch.manual_seed(0)
    y = F.dropout(torch.ones(20000))
    return {'values': enc(torch.unique(y)), 'zeroShare~': float((y == 0).float().mean())}


@case('1 dropout: F.dropout(x, 0.5, training=False) is the identity')
def _():
    x = t([[1.5, -2.0], [0.25, 3.0]])
    return {'out': enc(F.dropout(x, 0.5, False))}


def sgd_step(**opts):
    p = t([1.0, -2.0, 0.5], grad=True)
    opt = torch.optim.SGD([p], **opts)
    ((p - t([0.5, 0.5, 0.5])) ** 2).sum().backward()
    opt.step()
    return p


@case('1 options: SGD weight_decay (weightDecay) decays')
def _():
    return {'after': enc(sgd_step(lr=0.1, weight_decay=10))}


def adam_run(steps=3, **opts):
    p = t([1.0, -2.0, 0.5], grad=True)
    opt = torch.optim.Adam([p], **opts)
    out = {}
    for s in range(steps):
        opt.zero_grad()
        ((p - t([0.5, 0.5, 0.5])) ** 2).sum().backward()
        opt.step()
        out[f'step {s + 1}'] = enc(p)
    return out


@case('1 options: Adam maximize ascends')
def _():
    return adam_run(lr=0.1, maximize=True)


@case('1 options: Adam maximize with weight decay and amsgrad')
def _():
    return adam_run(lr=0.05, maximize=True, weight_decay=0.5, amsgrad=True)


LOGITS = [[1.0, -0.5, 2.0, 0.25], [-1.5, 0.5, 0.0, 1.0], [0.75, 0.75, -2.0, 0.5]]
LABELS = [2, 0, 3]
PROBS = [[0.1, 0.2, 0.3, 0.4], [0.0, 0.0, 1.0, 0.0], [0.25, 0.25, 0.25, 0.25]]


def ce_case(target, label_smoothing, reduction, target_grad=False, input_grad=True):
    x = t(LOGITS, grad=input_grad)
    tt = torch.tensor(target) if isinstance(target[0], int) else t(target, grad=target_grad)
    out = nn.CrossEntropyLoss(reduction=reduction, label_smoothing=label_smoothing)(x, tt)
    res = {'out': enc(out), 'requiresGrad': out.requires_grad}
    if out.requires_grad:
        (out * t([1.0, -2.0, 0.5]) if reduction == 'none' else out * 1.5).sum().backward()
        res['inputGrad'] = enc(x.grad) if input_grad else None
        res['targetGrad'] = enc(tt.grad) if target_grad else None
    return res


for r in ['mean', 'sum', 'none']:
    case(f'1 options: CrossEntropyLoss label_smoothing=0.1, class indices, {r}')(
        lambda r=r: ce_case(LABELS, 0.1, r))
    case(f'1 options: CrossEntropyLoss label_smoothing=0.3, probabilities, {r}')(
        lambda r=r: ce_case(PROBS, 0.3, r))


@case('1 options: label_smoothing above 1 is refused')
def _():
    return {'error': raises(lambda: nn.CrossEntropyLoss(label_smoothing=1.5)(t(LOGITS), torch.tensor(LABELS)))}


# 2. keepdim on a 0-d tensor -----------------------------------------------------------------

@case('2 keepdim on 0-d: sum, mean, max, min, argmax, logsumexp stay 0-d')
def _():
    s = t(3.0)
    return {
        'sum(0, True)': enc(s.sum(0, True)), 'mean(-1, True)': enc(s.mean(-1, True)),
        'max(0, True).values': enc(s.max(0, True).values), 'max(0, True).indices': enc(s.max(0, True).indices),
        'min(-1, True).values': enc(s.min(-1, True).values), 'argmax(0, True)': enc(s.argmax(0, True)),
        'logsumexp(0, True)': enc(s.logsumexp(0, True)), 'sum([0], True)': enc(s.sum([0], True)),
    }


# 3. Reductions over empty tensors -----------------------------------------------------------

@case('3 empty: reducing a non-empty dim of an empty tensor gives an empty result')
def _():
    a, b = torch.zeros(0, 3), torch.zeros(2, 0)
    return {
        'zeros(0, 3).max(1).values': enc(a.max(1).values), 'zeros(0, 3).max(1).indices': enc(a.max(1).indices),
        'zeros(2, 0).min(0).values': enc(b.min(0).values), 'zeros(0, 3).argmax(1)': enc(a.argmax(1)),
        'zeros(2, 0).sum(1)': enc(b.sum(1)), 'zeros(2, 0).mean(1)': enc(b.mean(1)),
        'zeros(2, 0).logsumexp(1)': enc(b.logsumexp(1)), 'zeros(0, 3).sum(0)': enc(a.sum(0)),
        'zeros(0, 3).mean()': enc(a.mean()),
    }


@case('3 empty: reducing the empty dim itself raises')
def _():
    b = torch.zeros(2, 0)
    return {
        'max(1)': raises(lambda: b.max(1)), 'min(-1)': raises(lambda: b.min(-1)),
        'argmax(1)': raises(lambda: b.argmax(1)), 'max()': raises(lambda: b.max()),
        'argmax()': raises(lambda: b.argmax()),
    }


# 4. Linear with in_features 0 ---------------------------------------------------------------

@case('4 linear: F.linear with in_features 0 repeats the bias per row')
def _():
    x, w, b = torch.zeros(3, 0, requires_grad=True), torch.zeros(2, 0, requires_grad=True), t([0.5, -1.5], grad=True)
    out = F.linear(x, w, b)
    out.backward(t([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    return {'out': enc(out), 'xGrad': enc(x.grad), 'wGrad': enc(w.grad), 'bGrad': enc(b.grad)}


@case('4 linear: nn.Linear(0, 2) on a (2, 3, 0) batch, and Sequential(Linear(0, 2), ReLU)')
def _():
    lin = nn.Linear(0, 2)
    with torch.no_grad():
        lin.bias.copy_(t([0.5, -1.5]))
    x = torch.zeros(2, 3, 0)
    seq = nn.Sequential(lin, nn.ReLU())
    out = seq(x)
    out.sum().backward()
    return {'linear': enc(lin(x)), 'sequential': enc(out), 'biasGrad': enc(lin.bias.grad),
            'defaultBias': enc(nn.Linear(0, 3).bias)}


# 5. Cross-entropy with probability targets that require grad --------------------------------

for r in ['mean', 'sum', 'none']:
    case(f'5 cross-entropy: probability targets get a gradient ({r})')(
        lambda r=r: ce_case(PROBS, 0.0, r, target_grad=True))

case('5 cross-entropy: the output requires grad when only the target does')(
    lambda: ce_case(PROBS, 0.0, 'mean', target_grad=True, input_grad=False))


# 6. Refused by PyTorch ----------------------------------------------------------------------

@case('6 refused: repeated dims in a reduction')
def _():
    x = torch.zeros(2, 3)
    return {'sum([1, -1])': raises(lambda: x.sum([1, -1])), 'mean([0, -2])': raises(lambda: x.mean([0, -2]))}


@case('6 refused: view() of a transposed, permuted or expanded tensor that spans two chunks')
def _():
    x = torch.arange(12.0).reshape(3, 4)
    return {
        'T.view(12)': raises(lambda: x.T.view(12)),
        'permute(1, 0).view(-1)': raises(lambda: x.permute(1, 0).view(-1)),
        'expand(3, 4).view(12)': raises(lambda: torch.arange(4.0).expand(3, 4).view(12)),
        'transpose(0, 2).view(24)': raises(lambda: torch.zeros(2, 3, 4).transpose(0, 2).view(24)),
        'T.exp().view(12)': raises(lambda: x.T.exp().view(12)),
        'T.view(2, 2, 3)': enc(x.T.view(2, 2, 3)), 'T.view(2, 2, 3).stride': list(x.T.view(2, 2, 3).stride()),
        'T.reshape(12)': enc(x.T.reshape(12)), 'T.contiguous().view(12)': enc(x.T.contiguous().view(12)),
        'T.isContiguous': x.T.is_contiguous(), 'T.stride': list(x.T.stride()),
        'expand(3, 4).view(3, 2, 2)': enc(torch.arange(4.0).expand(3, 4).view(3, 2, 2)),
    }


@case('6 refused: negative indices in index_select and gather')
def _():
    x = torch.arange(12.0).reshape(3, 4)
    return {
        'indexSelect(0, [-1])': raises(lambda: x.index_select(0, torch.tensor([-1]))),
        'indexSelect(1, [4])': raises(lambda: x.index_select(1, torch.tensor([4]))),
        'gather(1, -1)': raises(lambda: x.gather(1, torch.tensor([[-1], [0], [0]]))),
        'gather(0, 3)': raises(lambda: x.gather(0, torch.tensor([[3, 0, 0, 0]]))),
    }


@case('6 refused: transpose / squeeze of a 0-d tensor with dim 1')
def _():
    s = t(3.0)
    return {
        'transpose(0, 1)': raises(lambda: s.transpose(0, 1)), 'squeeze(1)': raises(lambda: s.squeeze(1)),
        'transpose(0, -1)': enc(s.transpose(0, -1)), 'squeeze(0)': enc(s.squeeze(0)),
    }


# 7. Non-finite values -----------------------------------------------------------------------

def grad_of(fn, *inputs, g=None):
    xs = [t(v, grad=True) for v in inputs]
    out = fn(*xs)
    out.backward(torch.ones_like(out) if g is None else t(g))
    res = {'out': enc(out)}
    for i, x in enumerate(xs):
        res[f'grad{i}'] = enc(x.grad)
    return res


for name, values in [('[1, inf, 2]', [[1.0, float('inf'), 2.0]]), ('[-inf, -inf]', [[float('-inf'), float('-inf')]]),
                     ('[nan, 1]', [[float('nan'), 1.0]]), ('[-inf, 1]', [[float('-inf'), 1.0]]),
                     ('[inf, -inf]', [[float('inf'), float('-inf')]])]:
    case(f'7 non-finite: logsumexp of {name}')(lambda values=values: grad_of(lambda x: x.logsumexp(1), values))

case('7 non-finite: log(abs(x)) at 0 and NaN has a NaN gradient')(
    lambda: grad_of(lambda x: x.abs().log(), [0.0, float('nan'), -2.0, 1.0]))
case('7 non-finite: abs backward at 0 passes g·0')(
    lambda: grad_of(lambda x: x.abs(), [0.0, -0.0, 3.0], g=[float('inf'), float('nan'), 1.0]))
case("7 non-finite: pow's exponent gradient at base 0 is g·0")(
    lambda: grad_of(lambda x, e: x.pow(e).log(), [0.0, 0.0, 1.0], [0.0, 2.0, 1.0]))
case('7 non-finite: maximum with NaN sends the gradient to both sides')(
    lambda: grad_of(torch.maximum, [1.0, float('nan'), 2.0, 3.0], [float('nan'), 1.0, 2.0, 1.0]))
case('7 non-finite: minimum with NaN sends the gradient to both sides')(
    lambda: grad_of(torch.minimum, [1.0, float('nan'), 2.0, 3.0], [float('nan'), 1.0, 2.0, 1.0]))
case('7 non-finite: max() of [1, NaN, 2] sends the gradient to the NaN')(
    lambda: grad_of(lambda x: x.max(), [1.0, float('nan'), 2.0]))
case('7 non-finite: min() of [NaN, 1, NaN] shares it among the NaNs')(
    lambda: grad_of(lambda x: x.min(), [float('nan'), 1.0, float('nan')]))
case('7 non-finite: max(0) of [2, NaN, NaN] picks the first NaN')(
    lambda: grad_of(lambda x: x.max(0).values, [2.0, float('nan'), float('nan')]))
case('7 non-finite: pow with base 1 and exponent inf or NaN is 1')(
    lambda: grad_of(lambda x, e: x.pow(e), [1.0, 1.0, -1.0], [float('inf'), float('nan'), float('-inf')]))


# 8. Differences closed ----------------------------------------------------------------------

@case('8 closed: max(dim) and min(dim) return values and indices')
def _():
    x = t([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    mx, mn = x.max(1), x.min(0, True)
    return {'max.values': enc(mx.values), 'max.indices': enc(mx.indices),
            'min.values': enc(mn.values), 'min.indices': enc(mn.indices)}


@case('8 closed: .T of a 3-D tensor reverses its dims')
def _():
    x = torch.arange(24.0).reshape(2, 3, 4)
    return {'T': enc(x.T), 'stride': list(x.T.stride())}


@case('8 closed: a second backward through a released graph raises; retain_graph keeps it')
def _():
    x = t([1.0, 2.0], grad=True)
    y = (x * x).sum()
    y.backward()
    err = raises(y.backward)
    z = x.exp().sum()
    z.backward(retain_graph=True)
    z.backward()
    w = t([1.0, 2.0], grad=True)
    s = (w + 1).sum()
    s.backward()
    s.backward()
    return {'error': err, 'grad after retain': enc(x.grad), 'no saved tensors': enc(w.grad)}


@case('8 closed: zero_grad(set_to_none=False) keeps zero gradients that weight decay then uses')
def _():
    res = {}
    for set_to_none in [False, True]:
        a, b = t([1.0, -1.0], grad=True), t([2.0], grad=True)
        opt = torch.optim.SGD([a, b], lr=0.1, weight_decay=0.5, momentum=0.9)
        for step in range(3):
            opt.zero_grad(set_to_none=set_to_none)
            loss = (a * a).sum() + (b * b).sum() if step == 0 else (a * a).sum()
            loss.backward()
            opt.step()
        res[f'a (setToNone {set_to_none})'] = enc(a)
        res[f'b (setToNone {set_to_none})'] = enc(b)
        res[f'b.grad is None (setToNone {set_to_none})'] = b.grad is None
    return res


def main():
    torch.set_num_threads(1)
    rows = []
    for name, fn in cases.items():
        rows.append({'name': name, 'torch': fn()})
    write_fixture('edges', {'cases': rows})


if __name__ == '__main__':
    import sys
    sys.dont_write_bytecode = True
    main()
