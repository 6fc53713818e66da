# 4.5 权重衰减（从零开始实现） — weight decay from scratch
METRIC = 'loss'

# [hyperparameters]

n_train, n_test, num_inputs = 20, 100, 200
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05


def make_data():
    """生成数据集 (the workbench's draw from data.npz when there is one)."""
    def draw():
        train_X, train_y = synthetic_data(true_w, true_b, n_train)
        test_X, test_y = synthetic_data(true_w, true_b, n_test)
        return {'train_features': train_X, 'train_labels': train_y, 'test_features': test_X, 'test_labels': test_y}
    return run_data(draw)


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


class Net(nn.Module):
    """init_params: w ~ N(0, 1), b = 0, held by a Module so load_state_dict and DDP see them."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.normal(0, 1, size=(num_inputs, 1)))
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, X):
        return linreg(X, self.w, self.b)


def make_net():
    return Net()


def evaluate_loss(net, X, y):
    with torch.no_grad():
        return float(squared_loss(net(X.to(Run.device)), y.to(Run.device)).mean())


def train(net, d):
    w = unwrap(net).w
    train_iter = load_array((d['train_features'], d['train_labels']), batch_size)
    loss = squared_loss
    for epoch in range(num_epochs):
        for X, y in train_iter:
            X, y = X.to(Run.device), y.to(Run.device)
            # 增加了L2范数惩罚项，
            # 广播机制使l2_penalty(w)成为一个长度为batch_size的向量
            l = loss(net(X), y) + lambd * l2_penalty(w)
            l.sum().backward()
            sgd(net.parameters(), lr, batch_size)
        if epoch == 0 or (epoch + 1) % 5 == 0 or epoch + 1 == num_epochs:
            log(f'epoch {epoch + 1}, train loss {evaluate_loss(net, d["train_features"], d["train_labels"]):f}, '
                f'test loss {evaluate_loss(net, d["test_features"], d["test_labels"]):f}')
    log('w的L2范数是：', torch.norm(w).item())


def evaluate(net, d):
    """The training loss without the penalty, as the workbench reports each epoch."""
    return evaluate_loss(net, d['train_features'], d['train_labels'])
