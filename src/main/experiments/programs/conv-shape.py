# 6.3 填充和步幅 — how padding and stride set a convolution's output shape
METRIC = 'max_abs_error'

# [hyperparameters]


def make_data():
    """The numbers 0 … h·w−1 as the input, so every output can be checked by hand; with the
    workbench's tensors (data.npz) when there are some, to compare against."""
    return run_data(lambda: {'X': torch.arange(height * width, dtype=torch.float32).reshape(1, 1, height, width)})


# 为了方便起见，我们定义了一个计算卷积层的函数。
# 此函数初始化卷积层权重，并对输入和输出提高和缩减相应的维数
def comp_conv2d(conv2d, X):
    # 这里的（1，1）表示批量大小和通道数都是1
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    # 省略前两个维度：批量大小和通道
    return Y.reshape(Y.shape[2:])


def conv_layer():
    """The section's nn.Conv2d with the run's kernel, padding and stride, its kernel all ones."""
    conv2d = nn.Conv2d(1, 1, kernel_size=(kernel_height, kernel_width), padding=(pad_height, pad_width),
                       stride=(stride_height, stride_width), bias=False)
    conv2d.weight.data.fill_(1.0)
    return conv2d


def make_net():
    return None  # no parameters to load: the kernel is all ones


def output(d):
    with torch.no_grad():
        return comp_conv2d(conv_layer(), d['X'].reshape(height, width))


def train(net, d):
    Y = output(d)
    log(f'X: {tuple(d["X"].shape[2:])}, kernel ({kernel_height}, {kernel_width}), '
        f'padding ({pad_height}, {pad_width}), stride ({stride_height}, {stride_width})')
    log('comp_conv2d(conv2d, X).shape:', Y.shape)
    log(Y)


def evaluate(net, d):
    """The largest difference from the workbench's output (0 when there is none to compare)."""
    Y = output(d)
    if 'Y' not in d:
        return 0.0
    if tuple(d['Y'].shape[2:]) != tuple(Y.shape):
        raise ValueError(f'PyTorch gives shape {tuple(Y.shape)}, the workbench {tuple(d["Y"].shape[2:])}')
    return float((Y - d['Y'].reshape(Y.shape)).abs().max())
