# ---- what the concise classifiers (3.7, 4.3, 4.6) share: PyTorch's loss and optimiser ----
def make_loss_and_updater(net):
    loss = nn.CrossEntropyLoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return loss, trainer
