# d2l-workbench: the book's program for one experiment, with the run's hyperparameters.
# Needs only torch, numpy and the Python standard library.
#   python3 run.py                      load params.npz into the book's module and evaluate it
#   python3 run.py --train [--epochs N] [--device cuda] [--workers N]   retrain in PyTorch
import argparse
import gzip
import json
import math
import os
import socket
import struct
import sys

import numpy as np
import torch
from torch import nn
from torch.utils import data

FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist'


# ---- d2l helpers: what the book imports from the d2l package, written out here ----

class Run:
    """This process's place in the run: its rank among `world_size` data-parallel workers."""
    rank = 0
    world_size = 1
    device = torch.device('cpu')
    data_dir = FASHION_MNIST_DIR
    saved_data = None


def log(*args):
    """print() on rank 0 only, so a data-parallel run prints the book's lines once."""
    if Run.rank == 0:
        print(*args, flush=True)


class ShardedLoader:
    """A DataLoader over this worker's shard, reshuffled every epoch (DistributedSampler.set_epoch)."""

    def __init__(self, dataset, batch_size):
        self.sampler = data.distributed.DistributedSampler(dataset, Run.world_size, Run.rank, shuffle=True)
        self.loader = data.DataLoader(dataset, batch_size, sampler=self.sampler)
        self.epoch = 0

    def __iter__(self):
        self.sampler.set_epoch(self.epoch)
        self.epoch += 1
        return iter(self.loader)

    def __len__(self):
        return len(self.loader)


def make_loader(dataset, batch_size, shuffle):
    """data.DataLoader; with several workers each one trains on its own shard."""
    if shuffle and Run.world_size > 1:
        return ShardedLoader(dataset, batch_size)
    return data.DataLoader(dataset, batch_size, shuffle=shuffle)


def load_array(data_arrays, batch_size, is_train=True):
    """d2l.load_array: a PyTorch data iterator over tensors."""
    dataset = data.TensorDataset(*data_arrays)
    return make_loader(dataset, batch_size, is_train)


def synthetic_data(w, b, num_examples):
    """d2l.synthetic_data: y = Xw + b + noise."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def read_idx(path):
    """One IDX file (gzipped or not) of unsigned bytes as a numpy array."""
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        raw = f.read()
    zero, kind, ndim = struct.unpack('>HBB', raw[:4])
    if zero != 0 or kind != 0x08:
        raise ValueError(f'{path} is not an IDX file of unsigned bytes')
    shape = struct.unpack('>' + 'I' * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def fashion_mnist_split(root, prefix):
    """One split as a TensorDataset: images (N, 1, 28, 28) in [0, 1] (ToTensor) and int64 labels."""
    for ext in ('.gz', ''):
        images = os.path.join(root, f'{prefix}-images-idx3-ubyte{ext}')
        labels = os.path.join(root, f'{prefix}-labels-idx1-ubyte{ext}')
        if os.path.exists(images) and os.path.exists(labels):
            X = torch.from_numpy(read_idx(images).astype(np.float32)).div(255).reshape(-1, 1, 28, 28)
            y = torch.from_numpy(read_idx(labels).astype(np.int64))
            return data.TensorDataset(X, y)
    raise FileNotFoundError(f'no {prefix}-images-idx3-ubyte[.gz] and {prefix}-labels-idx1-ubyte[.gz] in {root}; '
                            'pass --data DIR (Debian: apt install dataset-fashion-mnist)')


def load_data_fashion_mnist(batch_size):
    """d2l.load_data_fashion_mnist, read from the IDX files (--data DIR) instead of downloaded."""
    mnist_train = fashion_mnist_split(Run.data_dir, 'train')
    mnist_test = fashion_mnist_split(Run.data_dir, 't10k')
    return make_loader(mnist_train, batch_size, True), make_loader(mnist_test, batch_size, False)


class Accumulator:
    """Sums over n variables."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):
    """The number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net, data_iter):
    """Accuracy of the model on a whole data set."""
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(Run.device), y.to(Run.device)
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    """One epoch of training (3.6): mean loss and training accuracy."""
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)
    for X, y in train_iter:
        X, y = X.to(Run.device), y.to(Run.device)
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """train_ch3 (3.6), printing each epoch's line instead of animating a plot."""
    for epoch in range(num_epochs):
        train_loss, train_acc = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        log(f'epoch {epoch + 1}, loss {train_loss:.4f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}')


def sgd(params, lr, batch_size):
    """Minibatch stochastic gradient descent (3.2)."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def corr2d(X, K):
    """计算二维互相关运算 (6.2)"""
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


def unwrap(net):
    """The book's module inside a DistributedDataParallel wrapper (or the module itself)."""
    return net.module if isinstance(net, nn.parallel.DistributedDataParallel) else net


def shard(*tensors):
    """This worker's equal share of whole tensors (every worker must take as many steps)."""
    n = len(tensors[0]) // Run.world_size * Run.world_size
    return [t[Run.rank:n:Run.world_size] for t in tensors]


def run_data(make_data):
    """The data the workbench trained on (data.npz beside this file) when there is one, else the book's draw."""
    if Run.saved_data is not None:
        return {k: torch.from_numpy(v) for k, v in Run.saved_data.items()}
    return make_data()
