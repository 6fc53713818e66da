# 6.6 卷积神经网络（LeNet） — sigmoid LeNet with average pooling, trained with train_ch6
METRIC = 'test_acc'

# [hyperparameters]

import time


def make_data():
    return load_data_fashion_mnist(batch_size=batch_size)


def init_weights(m):
    if type(m) == nn.Linear or type(m) == nn.Conv2d:
        nn.init.xavier_uniform_(m.weight)


def make_net():
    net = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))
    # train_ch6 starts with net.apply(init_weights); done here, before a data-parallel wrapper
    # copies the weights to every process.
    net.apply(init_weights)
    return net


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    """用GPU训练模型(在第六章定义), printing each epoch's line instead of animating a plot."""
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    seconds = 0.0
    for epoch in range(num_epochs):
        # 训练损失之和，训练准确率之和，样本数
        metric = Accumulator(3)
        net.train()
        start = time.perf_counter()
        for i, (X, y) in enumerate(train_iter):
            optimizer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], accuracy(y_hat, y), X.shape[0])
        seconds += time.perf_counter() - start
        train_l = metric[0] / metric[2]
        train_acc = metric[1] / metric[2]
        test_acc = evaluate_accuracy(net, test_iter)
        log(f'epoch {epoch + 1}, loss {train_l:.4f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}')
    log(f'loss {train_l:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}')
    log(f'{metric[2] * num_epochs / seconds:.1f} examples/sec on {str(device)}')


def train(net, d):
    train_iter, test_iter = d
    train_ch6(net, train_iter, test_iter, num_epochs, lr, Run.device)


def evaluate(net, d):
    return evaluate_accuracy(net, d[1])
