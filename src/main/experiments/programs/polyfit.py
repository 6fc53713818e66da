# 4.4 模型选择、欠拟合和过拟合 — polynomial regression
METRIC = 'loss'

# [hyperparameters]

max_degree = 20  # 多项式的最大阶数
n_train, n_test = 100, 100  # 训练和测试数据集大小
true_w = np.zeros(max_degree)  # 分配大量的空间
true_w[0:4] = np.array([5, 1.2, -3.4, 5.6])


def make_data():
    """生成数据集 (the workbench's draw from data.npz when there is one)."""
    def draw():
        np.random.seed(seed)
        features = np.random.normal(size=(n_train + n_test, 1))
        np.random.shuffle(features)
        poly_features = np.power(features, np.arange(max_degree).reshape(1, -1))
        for i in range(max_degree):
            poly_features[:, i] /= math.gamma(i + 1)  # gamma(n)=(n-1)!
        # labels的维度:(n_train+n_test,)
        labels = np.dot(poly_features, true_w)
        labels += np.random.normal(scale=0.1, size=labels.shape)
        poly = torch.tensor(poly_features[:, :num_features], dtype=torch.float32)
        labels = torch.tensor(labels, dtype=torch.float32).reshape(-1, 1)
        return {'train_features': poly[:n_train], 'train_labels': labels[:n_train],
                'test_features': poly[n_train:], 'test_labels': labels[n_train:]}
    return run_data(draw)


def evaluate_loss(net, data_iter, loss):
    """评估给定数据集上模型的损失"""
    metric = Accumulator(2)  # 损失的总和,样本数量
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(Run.device), y.to(Run.device)
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            metric.add(l.sum(), l.numel())
    return metric[0] / metric[1]


def make_net():
    # 不设置偏置，因为我们已经在多项式中实现了它
    return nn.Sequential(nn.Linear(num_features, 1, bias=False))


def train(net, d):
    loss = nn.MSELoss(reduction='none')
    train_iter = load_array((d['train_features'], d['train_labels'].reshape(-1, 1)), batch_size)
    test_iter = load_array((d['test_features'], d['test_labels'].reshape(-1, 1)), batch_size, is_train=False)
    train_eval = load_array((d['train_features'], d['train_labels'].reshape(-1, 1)), batch_size, is_train=False)
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    for epoch in range(num_epochs):
        train_epoch_ch3(net, train_iter, loss, trainer)
        if epoch == 0 or (epoch + 1) % 20 == 0 or epoch + 1 == num_epochs:
            log(f'epoch {epoch + 1}, train loss {evaluate_loss(net, train_eval, loss):f}, '
                f'test loss {evaluate_loss(net, test_iter, loss):f}')
    log('weight:', unwrap(net)[0].weight.data.cpu().numpy())


def evaluate(net, d):
    """The training loss, as the workbench reports each epoch."""
    loss = nn.MSELoss(reduction='none')
    return evaluate_loss(net, load_array((d['train_features'], d['train_labels']), batch_size, is_train=False), loss)
