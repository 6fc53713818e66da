# 3.7 softmax回归的简洁实现 — concise softmax regression
METRIC = 'test_acc'

# [hyperparameters]


def make_data():
    return load_data_fashion_mnist(batch_size)


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


def make_net():
    # PyTorch不会隐式地调整输入的形状。因此，
    # 我们在线性层前定义了展平层（flatten），来调整网络输入的形状
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    net.apply(init_weights)
    return net


def train(net, d):
    train_iter, test_iter = d
    loss = nn.CrossEntropyLoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)


def evaluate(net, d):
    return evaluate_accuracy(net, d[1])
