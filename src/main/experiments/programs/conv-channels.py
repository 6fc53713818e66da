# 6.4 多输入多输出通道 — every output channel sums the cross-correlations of all input channels
METRIC = 'max_abs_error'

# [hyperparameters]


def make_data():
    """The book's numbers, generalised: X[c] = arange(n·n) + c, K[o][c] = arange(k·k) + c + o (2 in,
    3 out, k = 2, n = 3 is the book's example); with the workbench's output (data.npz) when there is one."""
    def book():
        X = torch.stack([torch.arange(size * size, dtype=torch.float32).reshape(size, size) + c
                         for c in range(in_channels)])
        K = torch.stack([torch.stack([torch.arange(kernel_size * kernel_size, dtype=torch.float32)
                                      .reshape(kernel_size, kernel_size) + c + o
                                      for c in range(in_channels)]) for o in range(out_channels)])
        return {'X': X, 'K': K}
    return run_data(book)


def corr2d_multi_in(X, K):
    # 先遍历“X”和“K”的第0个维度（通道维度），再把它们加在一起
    return sum(corr2d(x, k) for x, k in zip(X, K))


def corr2d_multi_in_out(X, K):
    # 迭代“K”的第0个维度，每次都对输入“X”执行互相关运算。
    # 最后将所有结果都叠加在一起
    return torch.stack([corr2d_multi_in(X, k) for k in K], 0)


def make_net():
    return None  # no parameters: the kernels are the book's numbers


def train(net, d):
    X, K = d['X'], d['K']
    Y = corr2d_multi_in_out(X, K)
    log(f'X: {tuple(X.shape)}, K: {tuple(K.shape)}, corr2d_multi_in_out(X, K): {tuple(Y.shape)}')
    log(Y)


def evaluate(net, d):
    """The largest difference from the workbench's output (0 when there is none to compare)."""
    Y = corr2d_multi_in_out(d['X'], d['K'])
    if 'Y' not in d:
        return 0.0
    if tuple(d['Y'].shape[1:]) != tuple(Y.shape):
        raise ValueError(f'PyTorch gives shape {tuple(Y.shape)}, the workbench {tuple(d["Y"].shape[1:])}')
    return float((Y - d['Y'].reshape(Y.shape)).abs().max())
