# The bench's MLP step in PyTorch (784-256-10 ReLU, batch 256, CrossEntropyLoss, SGD lr 0.1), the
# program the engine's bench/workloads.ts mlpStep runs; torch's default thread count is kept: that
# is what a reader of the book runs. Embedded in reference-python.ts and mlp-rounds.ts.
import torch
from torch import nn

def mlp_step():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    X, y = torch.randn(256, 784), torch.randint(0, 10, (256,))
    loss = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    def step():
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    return step
