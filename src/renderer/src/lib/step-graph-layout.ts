// Lays out step mode's autograd graph with dagre (a layered DAG layout): forward edges from the
// parameters' AccumulateGrad nodes down to the loss. Pure, so it is tested without a DOM.
import dagre from '@dagrejs/dagre';
import type { StepGraph } from '../../../shared/step';

export interface PlacedNode {
  id: number;
  op: string;
  shape: number[];
  param?: string;
  /** Centre and size, in SVG units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: number;
  to: number;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const CHAR_WIDTH = 7.2;
const NODE_HEIGHT = 40;

export function layoutStepGraph(graph: StepGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) {
    const label = Math.max(n.op.length, (n.param ?? '').length + 2, shapeText(n.shape).length);
    g.setNode(String(n.id), { width: Math.max(90, label * CHAR_WIDTH + 20), height: NODE_HEIGHT });
  }
  graph.edges.forEach(([from, to], i) => g.setEdge(String(from), String(to), {}, `e${i}`));
  dagre.layout(g);
  const nodes = graph.nodes.map((n): PlacedNode => {
    const p = g.node(String(n.id));
    return { ...n, x: p.x, y: p.y, width: p.width, height: p.height };
  });
  const edges = graph.edges.map(([from, to], i): PlacedEdge => ({
    from, to, points: (g.edge({ v: String(from), w: String(to), name: `e${i}` }).points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })),
  }));
  const { width = 0, height = 0 } = g.graph();
  return { nodes, edges, width, height };
}

/** PyTorch's way of writing a shape: (256, 10), () for a scalar. */
export function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}
