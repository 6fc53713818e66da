"""LeNet parity fixture (fixtures/lenet.json): the book's 6.6 network in PyTorch 1.13 on a recorded
batch of real Fashion-MNIST images, with weights drawn here (Xavier-uniform weights, PyTorch's
default bias bounds) and loaded into both PyTorch and the engine. Recorded: the logits, the mean
cross-entropy and every parameter's gradient; then one SGD step (lr 0.9, the book's) and the
logits and loss of a second batch, so the engine's state after a step is checked too.

The images come from the Debian dataset-fashion-mnist files; the fixture stores their bytes, so the
test needs no dataset. Large tensors are stored as base64 float32 (exact, compact).
"""
import gzip
import os

import numpy as np
import torch
from torch import nn

from golden_common import enc, enc_f32, write_fixture

DATA = '/usr/share/datasets/fashion-mnist'
BATCH = 16


def images(offset, count):
    raw = gzip.open(os.path.join(DATA, 'train-images-idx3-ubyte.gz')).read()
    labels = gzip.open(os.path.join(DATA, 'train-labels-idx1-ubyte.gz')).read()
    px = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28 * 28)[offset:offset + count]
    lb = np.frombuffer(labels, dtype=np.uint8, offset=8)[offset:offset + count]
    return px, lb


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))


def main():
    rng = np.random.RandomState(66)
    net = lenet()
    state = {}
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.endswith('weight'):
                fan_out, fan_in = p.shape[0] * p[0, 0].numel(), p[0].numel()
                a = np.sqrt(6 / (fan_in + fan_out))
                v = rng.uniform(-a, a, p.shape).astype(np.float32)
            else:
                fan_in = state[name[:-4] + 'weight'][0].size
                v = rng.uniform(-1 / np.sqrt(fan_in), 1 / np.sqrt(fan_in), p.shape).astype(np.float32)
            p.copy_(torch.from_numpy(v))
            state[name] = v
    loss = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.9)
    steps = []
    for k in range(2):
        px, lb = images(k * BATCH, BATCH)
        X = torch.tensor(px.reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
        y = torch.tensor(lb, dtype=torch.int64)
        trainer.zero_grad()
        logits = net(X)
        l = loss(logits, y)
        l.backward()
        step = {'pixels': enc(px.astype(np.int64)), 'labels': enc(lb.astype(np.int64)),
                'logits': enc(logits), 'loss': enc(l)}
        if k == 0:
            step['grads'] = {name: enc_f32(p.grad) for name, p in net.named_parameters()}
        steps.append(step)
        trainer.step()
    write_fixture('lenet', {
        'lr': 0.9,
        'stateDict': {k: enc_f32(v) for k, v in state.items()},
        'steps': steps,
    })
