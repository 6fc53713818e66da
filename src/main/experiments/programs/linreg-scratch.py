# 3.2 线性回归的从零开始实现 — linear regression from scratch
METRIC = 'loss'

# [hyperparameters]

true_w = torch.tensor([2, -3.4])
true_b = 4.2


def make_data():
    """生成数据集 (the workbench's draw from data.npz when there is one)."""
    return run_data(lambda: dict(zip(('features', 'labels'), synthetic_data(true_w, true_b, num_examples))))


def data_iter(batch_size, features, labels):
    """读取数据集: shuffled minibatches."""
    num_examples = len(features)
    indices = torch.randperm(num_examples)
    for i in range(0, num_examples, batch_size):
        batch_indices = indices[i: min(i + batch_size, num_examples)]
        yield features[batch_indices], labels[batch_indices]


def linreg(X, w, b):
    """线性回归模型"""
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    """均方损失"""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


class LinReg(nn.Module):
    """初始化模型参数: w ~ N(0, 0.01²), b = 0, held by a Module so load_state_dict and DDP see them."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.normal(0, 0.01, size=(2, 1)))
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, X):
        return linreg(X, self.w, self.b)


def make_net():
    return LinReg()


def train(net, d):
    features, labels = d['features'].to(Run.device), d['labels'].to(Run.device)
    loss = squared_loss
    for epoch in range(num_epochs):
        for X, y in data_iter(batch_size, *shard(features, labels)):
            l = loss(net(X), y)  # X和y的小批量损失
            l.sum().backward()
            sgd(net.parameters(), lr, batch_size)  # 使用参数的梯度更新参数
        with torch.no_grad():
            train_l = loss(net(features), labels)
            log(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')
    w, b = unwrap(net).w, unwrap(net).b
    log(f'w的估计误差: {true_w - w.detach().cpu().reshape(true_w.shape)}')
    log(f'b的估计误差: {true_b - b.item()}')


def evaluate(net, d):
    """The loss on the whole data set, as the workbench reports each epoch."""
    with torch.no_grad():
        return float(squared_loss(net(d['features'].to(Run.device)), d['labels'].to(Run.device)).mean())
