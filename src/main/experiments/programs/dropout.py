# 4.6 暂退法（Dropout）的简洁实现 — dropout, concise
METRIC = 'test_acc'

# [hyperparameters]


def make_net():
    net = nn.Sequential(nn.Flatten(),
                        nn.Linear(784, 256),
                        nn.ReLU(),
                        # 在第一个全连接层之后添加一个dropout层
                        nn.Dropout(dropout1),
                        nn.Linear(256, 256),
                        nn.ReLU(),
                        # 在第二个全连接层之后添加一个dropout层
                        nn.Dropout(dropout2),
                        nn.Linear(256, 10))
    net.apply(init_weights)
    return net
