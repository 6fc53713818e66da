# 6.2 图像卷积 — 学习卷积核: learn the edge detector K = [1, -1] back from X and Y = corr2d(X, K)
METRIC = 'loss'

# [hyperparameters]


def make_data():
    """The book's 6×8 image with a black band and its edges (the workbench's copy, data.npz, when there is one)."""
    def book():
        X = torch.ones((6, 8))
        X[:, 2:6] = 0
        K = torch.tensor([[1.0, -1.0]])
        Y = corr2d(X, K)
        # 这个二维卷积层使用四维输入和输出格式（批量大小、通道、高度、宽度），其中批量大小和通道数都为1
        return {'X': X.reshape((1, 1, 6, 8)), 'Y': Y.reshape((1, 1, 6, 7))}
    return run_data(book)


def make_net():
    # 构造一个二维卷积层，它具有1个输出通道和形状为（1，2）的卷积核
    return nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)


def train(net, d):
    X, Y = d['X'].to(Run.device), d['Y'].to(Run.device)
    conv2d = unwrap(net)
    for i in range(num_epochs):
        Y_hat = net(X)
        l = (Y_hat - Y) ** 2
        net.zero_grad()
        l.sum().backward()
        # 迭代卷积核
        conv2d.weight.data[:] -= lr * conv2d.weight.grad
        # The book prints every second iteration; the last one too, so a short run shows where it ended.
        if (i + 1) % 2 == 0 or i + 1 == num_epochs:
            log(f'epoch {i + 1}, loss {l.sum():.3f}')
    log('conv2d.weight.data.reshape((1, 2)):', conv2d.weight.data.reshape((1, 2)).cpu())


def evaluate(net, d):
    """The loss the workbench reports for its last iteration: like the book's print, l.sum() taken
    before that iteration's update, while the saved kernel is the one after it. So step back: the loss
    is quadratic in the kernel w, its gradient g(w) = H w - b is affine, and w_saved = w - lr * g(w)
    gives w = (I - lr H)^-1 (w_saved - lr b)."""
    X, Y = d['X'].double(), d['Y'].double()

    def loss_of(w):
        return ((nn.functional.conv2d(X, w.reshape(1, 1, 1, 2)) - Y) ** 2).sum()

    zero = torch.zeros(2, dtype=torch.float64)
    H = torch.autograd.functional.hessian(loss_of, zero)
    b = -torch.autograd.functional.jacobian(loss_of, zero)
    w_saved = unwrap(net).weight.detach().cpu().double().flatten()
    w = torch.linalg.solve(torch.eye(2, dtype=torch.float64) - lr * H, w_saved - lr * b)
    return float(loss_of(w))
