# The bench's and check:accuracy's PyTorch scripts start here: Fashion-MNIST from the IDX files in
# sys.argv[1] (gzipped or not) as float tensors in [0, 1], and the book's LeNet (6.6) with its
# Xavier init. Shared so every side-by-side figure trains PyTorch on the same data and network.
import gzip, json, os, sys, time
import numpy as np
import torch
from torch import nn
from torch.utils import data

root = sys.argv[1]
def idx(name, offset):
    path = os.path.join(root, name)
    raw = gzip.open(path).read() if os.path.exists(path) else open(path[:-3], 'rb').read()
    return np.frombuffer(raw, dtype=np.uint8, offset=offset)
Xtr = torch.tensor(idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
ytr = torch.tensor(idx('train-labels-idx1-ubyte.gz', 8), dtype=torch.int64)
Xte = torch.tensor(idx('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
yte = torch.tensor(idx('t10k-labels-idx1-ubyte.gz', 8), dtype=torch.int64)

def lenet():
    net = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))
    def init_weights(m):
        if type(m) == nn.Linear or type(m) == nn.Conv2d:
            nn.init.xavier_uniform_(m.weight)
    net.apply(init_weights)
    return net
