import { describe, expect, it } from 'vitest';
import { layoutStepGraph, shapeText } from '../../../src/renderer/src/lib/step-graph-layout';

describe('layoutStepGraph', () => {
  it('places the loss below the nodes feeding it and routes every edge', () => {
    const layout = layoutStepGraph({
      nodes: [
        { id: 0, op: 'MseLossBackward0', shape: [] },
        { id: 1, op: 'AddmmBackward0', shape: [10, 1] },
        { id: 2, op: 'AccumulateGrad', shape: [1], param: '0.bias' },
        { id: 3, op: 'TBackward0', shape: [2, 1] },
        { id: 4, op: 'AccumulateGrad', shape: [1, 2], param: '0.weight' },
      ],
      edges: [[1, 0], [2, 1], [3, 1], [4, 3]],
    });
    const y = (id: number): number => layout.nodes.find((n) => n.id === id)!.y;
    expect(y(4)).toBeLessThan(y(3));
    expect(y(3)).toBeLessThan(y(1));
    expect(y(2)).toBeLessThan(y(1));
    expect(y(1)).toBeLessThan(y(0));
    expect(layout.edges).toHaveLength(4);
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
    expect(layout.width).toBeGreaterThan(0);
  });

  it('writes shapes as PyTorch prints them', () => {
    expect(shapeText([])).toBe('()');
    expect(shapeText([3])).toBe('(3,)');
    expect(shapeText([256, 10])).toBe('(256, 10)');
  });
});
