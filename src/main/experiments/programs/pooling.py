# 6.5 汇聚层 — maximum and average pooling, with padding, stride and several channels
METRIC = 'max_abs_error'

# [hyperparameters]


def make_data():
    """The book's torch.arange(16).reshape((1, 1, 4, 4)) at the run's size, and torch.cat((X, X + 1), 1)
    for more channels; with the workbench's outputs (data.npz) when there are some, to compare against."""
    def book():
        X = torch.arange(size * size, dtype=torch.float32).reshape((1, 1, size, size))
        return {'X': torch.cat([X + i for i in range(channels)], 1)}
    return run_data(book)


def make_net():
    return None  # no parameters: pooling layers have none


def pooled(X):
    pool2d = nn.MaxPool2d(pool_size, padding=padding, stride=stride)
    avg2d = nn.AvgPool2d(pool_size, padding=padding, stride=stride)
    return {'max': pool2d(X), 'avg': avg2d(X)}


def train(net, d):
    X = d['X']
    log(f'X: {tuple(X.shape)}; MaxPool2d / AvgPool2d({pool_size}, padding={padding}, stride={stride})')
    for name, Y in pooled(X).items():
        log(f'{name}: {tuple(Y.shape)}')
        log(Y)


def evaluate(net, d):
    """The largest difference from the workbench's outputs (0 when there are none to compare)."""
    worst = 0.0
    for name, Y in pooled(d['X']).items():
        if name not in d:
            continue
        if tuple(d[name].shape) != tuple(Y.shape):
            raise ValueError(f'{name}: PyTorch gives shape {tuple(Y.shape)}, the workbench {tuple(d[name].shape)}')
        worst = max(worst, float((Y - d[name]).abs().max()))
    return worst
