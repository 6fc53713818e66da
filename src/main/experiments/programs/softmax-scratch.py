# 3.6 softmax回归的从零开始实现 — softmax regression from scratch
METRIC = 'test_acc'

# [hyperparameters]

num_inputs = 784
num_outputs = 10


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition  # 这里应用了广播机制


def cross_entropy(y_hat, y):
    return - torch.log(y_hat[range(len(y_hat)), y])


class Net(nn.Module):
    """初始化模型参数 W ~ N(0, 0.01²), b = 0 and 定义模型, in a Module for load_state_dict and DDP."""

    def __init__(self):
        super().__init__()
        self.W = nn.Parameter(torch.normal(0, 0.01, size=(num_inputs, num_outputs)))
        self.b = nn.Parameter(torch.zeros(num_outputs))

    def forward(self, X):
        return softmax(torch.matmul(X.reshape((-1, self.W.shape[0])), self.W) + self.b)


def make_net():
    return Net()


def make_loss_and_updater(net):
    def updater(batch_size):
        return sgd(net.parameters(), lr, batch_size)

    return cross_entropy, updater
