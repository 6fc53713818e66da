# 4.3 多层感知机的简洁实现 — a concise multilayer perceptron
METRIC = 'test_acc'

# [hyperparameters]


def make_net():
    net = nn.Sequential(nn.Flatten(),
                        nn.Linear(784, 256),
                        nn.ReLU(),
                        nn.Linear(256, 10))
    net.apply(init_weights)
    return net
