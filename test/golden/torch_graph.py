"""PyTorch's autograd graph in the engine's format (src/main/engine/graph.ts).

Nodes are numbered in the order a depth-first walk of next_functions meets them (a node before its
inputs, inputs in next_functions order, None entries skipped), each with its grad_fn class name and
the shape of its result; edges run forward, [input node, node]. Shapes come from hooks on every
node during one backward pass (the gradient a node receives has its result's shape), so call this
on a loss that has not been through backward yet; it runs backward itself.
"""
import torch


def torch_graph(root):
    nodes, edges, ids, order = [], [], {}, []
    stack = [(root.grad_fn, None)]
    while stack:
        fn, consumer = stack.pop()
        if fn in ids:
            edges.append([ids[fn], consumer])
            continue
        ids[fn] = len(nodes)
        name = type(fn).__name__
        shape = list(fn.variable.shape) if name == 'AccumulateGrad' else None
        nodes.append({'id': ids[fn], 'op': name, 'shape': shape})
        order.append(fn)
        if consumer is not None:
            edges.append([ids[fn], consumer])
        for nxt, _ in reversed(fn.next_functions):
            if nxt is not None:
                stack.append((nxt, ids[fn]))
    shapes = {}

    def hook_for(fn):
        def hook(_grad_inputs, grad_outputs):
            shapes[fn] = list(grad_outputs[0].shape)
        return hook
    handles = [fn.register_hook(hook_for(fn)) for fn in order if type(fn).__name__ != 'AccumulateGrad']
    root.backward(torch.ones_like(root))
    for h in handles:
        h.remove()
    for fn in order:
        if nodes[ids[fn]]['shape'] is None:
            nodes[ids[fn]]['shape'] = shapes[fn]
    edges.sort()
    return {'nodes': nodes, 'edges': edges}
