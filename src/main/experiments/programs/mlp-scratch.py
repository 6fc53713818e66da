# 4.2 多层感知机的从零开始实现 — a multilayer perceptron from scratch
METRIC = 'test_acc'

# [hyperparameters]

num_inputs, num_outputs, num_hiddens = 784, 10, 256


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


class Net(nn.Module):
    """初始化模型参数 W1, b1, W2, b2 and 模型, in a Module for load_state_dict and DDP."""

    def __init__(self):
        super().__init__()
        self.W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * 0.01)
        self.b1 = nn.Parameter(torch.zeros(num_hiddens))
        self.W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * 0.01)
        self.b2 = nn.Parameter(torch.zeros(num_outputs))

    def forward(self, X):
        X = X.reshape((-1, num_inputs))
        H = relu(X @ self.W1 + self.b1)  # 这里“@”代表矩阵乘法
        return (H @ self.W2 + self.b2)


def make_net():
    return Net()


def make_loss_and_updater(net):
    loss = nn.CrossEntropyLoss(reduction='none')
    updater = torch.optim.SGD(net.parameters(), lr=lr)
    return loss, updater
