# 3.3 线性回归的简洁实现 — concise linear regression
METRIC = 'loss'

# [hyperparameters]

true_w = torch.tensor([2, -3.4])
true_b = 4.2


def make_data():
    """生成数据集 (the workbench's draw from data.npz when there is one)."""
    return run_data(lambda: dict(zip(('features', 'labels'), synthetic_data(true_w, true_b, num_examples))))


def make_net():
    # nn是神经网络的缩写
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    return net


def train(net, d):
    features, labels = d['features'].to(Run.device), d['labels'].to(Run.device)
    data_iter = load_array((features, labels), batch_size)
    loss = nn.MSELoss()
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    for epoch in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
        with torch.no_grad():
            l = loss(net(features), labels)
        log(f'epoch {epoch + 1}, loss {l:f}')
    w = unwrap(net)[0].weight.data.cpu()
    b = unwrap(net)[0].bias.data.cpu()
    log('w的估计误差：', true_w - w.reshape(true_w.shape))
    log('b的估计误差：', true_b - b)


def evaluate(net, d):
    """MSELoss on the whole data set, as the workbench reports each epoch."""
    with torch.no_grad():
        return float(nn.MSELoss()(net(d['features'].to(Run.device)), d['labels'].to(Run.device)))
