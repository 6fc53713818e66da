# ---- what every chapter 3–4 classifier shares: Fashion-MNIST in, train_ch3, test accuracy out ----
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


def make_data():
    return load_data_fashion_mnist(batch_size)


def train(net, d):
    train_iter, test_iter = d
    loss, updater = make_loss_and_updater(net)
    train_ch3(net, train_iter, test_iter, loss, num_epochs, updater)


def evaluate(net, d):
    return evaluate_accuracy(net, d[1])
