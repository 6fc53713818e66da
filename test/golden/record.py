"""Records the golden fixtures that test/golden/*.test.ts compare the engine against.

What it is
    PyTorch 1.13 (Debian's python3-torch) runs every op, layer, loss and optimiser of
    docs/engine-api.md on small fixed inputs and writes inputs, outputs and gradients to
    test/golden/fixtures/{ops,nn,optim,conv}.json; the edges where the engine promises PyTorch's exact
    behaviour (issue 20: defaults, empty and 0-d reductions, refusals with PyTorch's words,
    non-finite gradients) to fixtures/edges.json; and the differential corpus of generated op
    chains to fixtures/engine-diff.json. The fixtures are committed: the tests need no Python.

How to re-record (only after changing a recorder; the output is deterministic)
    apt-get install -y python3-torch          # PyTorch + numpy for /usr/bin/python3
    /usr/bin/python3 test/golden/record.py    # from the repository root
    npx vitest run test/golden

Determinism
    Inputs come from numpy's RandomState with a fixed seed per fixture file (never torch's RNG), so
    re-running writes byte-identical files; adding a case changes only the file it lives in.
    Floats are written as the shortest decimal that round-trips their float32 value.

Layout
    golden_common.py  seeded inputs, float32-exact JSON encoding, fixture writer
    record_ops.py     tensor ops + small graphs            -> fixtures/ops.json
    record_nn.py      layers, losses, MLP step, state_dict -> fixtures/nn.json
    record_optim.py   SGD / Adam trajectories and errors   -> fixtures/optim.json
    record_edges.py   the issue-20 edges, case by case     -> fixtures/edges.json
    record_diff.py    generated cases (engine-diff/cases.mjs, needs node) -> fixtures/engine-diff.json
    record_conv.py    conv2d / max_pool2d / avg_pool2d, Conv2d and pooling modules -> fixtures/conv.json
    record_graph.py   grad_fn graphs of the book's models (torch_graph.py walks them) -> fixtures/graph.json
    record_lenet.py   the book's LeNet on a real Fashion-MNIST batch (needs dataset-fashion-mnist) -> fixtures/lenet.json
"""
import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import record_conv  # noqa: E402
import record_diff  # noqa: E402
import record_edges  # noqa: E402
import record_graph  # noqa: E402
import record_lenet  # noqa: E402
import record_nn  # noqa: E402
import record_ops  # noqa: E402
import record_optim  # noqa: E402


def main():
    torch.set_num_threads(1)  # one summation order, whatever the machine
    print(f'torch {torch.__version__}')
    record_ops.main()
    record_nn.main()
    record_optim.main()
    record_conv.main()
    record_lenet.main()
    record_edges.main()
    record_graph.main()
    record_diff.main()


if __name__ == '__main__':
    main()
