// Step capture (book 4.7): records what one minibatch does. The loop hands ctx.step() the batch,
// the tensor it will call backward() on and its optimiser; the capture copies the batch and the
// parameters then, walks the graph while it is whole (backward releases activations), asks
// autograd to keep the gradients of the graph's inner tensors, copies each parameter's gradient as
// backward accumulates it (a post-accumulate hook: the book's hand-written sgd zeroes .grad inside
// its update), and reads updated parameters and optimiser state when the loop next reports to the
// runner (after its update).
import { traceAutograd, type Tensor, type TracedNode } from '../../engine';
import type { ParamMap } from '../../../shared/training';
import type { StepGraph, StepRecord, TensorData } from '../../../shared/step';
import type { StepDetail } from '../../experiments/define';

function copy(t: Tensor): TensorData {
  return { shape: [...t.shape], data: Array.from(t.values) };
}

function copyAll(params: Record<string, Tensor>): ParamMap {
  const out: ParamMap = {};
  for (const [name, t] of Object.entries(params)) out[name] = copy(t);
  return out;
}

interface Pending {
  step: number;
  epoch: number;
  loss: number;
  lr: number;
  detail: StepDetail;
  /** The parameters themselves by state_dict key (stateDict() hands out views over their storage). */
  params: Map<string, Tensor>;
  batch: StepRecord['batch'];
  paramsBefore: ParamMap;
  graph: StepGraph;
  traced: TracedNode[];
  values: Map<number, TensorData>;
  /** Each parameter's .grad as backward left it, by state_dict key. */
  grads: ParamMap;
  hooks: Array<{ remove(): void }>;
}

export interface StepCaptureOptions {
  /** First and last step to record (1-based, inclusive). */
  from: number;
  to: number;
  /** Also record each graph node's value and gradient (the panel; the CLI does not print them). */
  nodeTensors?: boolean;
  onStep(record: StepRecord): void;
}

export class StepCapture {
  private pending: Pending | null = null;

  constructor(private readonly opts: StepCaptureOptions) {}

  wants(step: number): boolean {
    return step >= this.opts.from && step <= this.opts.to;
  }

  /** The last step wanted: the run ends once it has been through its update. */
  get to(): number {
    return this.opts.to;
  }

  /** Called from ctx.step, before the loop's backward and update. */
  begin(step: number, epoch: number, loss: number, lr: number, detail: StepDetail, tracked: Record<string, Tensor>): void {
    const { nodes, edges } = traceAutograd(detail.objective);
    // A tracked tensor may be a view sharing the parameter's storage: match leaves by storage.
    const nameOfStorage = new Map<Float32Array, string>();
    for (const [name, t] of Object.entries(tracked)) nameOfStorage.set(t.values, name);
    const params = new Map<string, Tensor>();
    for (const p of detail.optimizer?.params ?? []) {
      const name = nameOfStorage.get(p.values);
      if (name !== undefined) params.set(name, p);
    }
    const values = new Map<number, TensorData>();
    const graphNodes = nodes.map(({ id, op, shape, tensor }) => {
      const node: StepGraph['nodes'][number] = { id, op, shape: [...shape] };
      if (tensor !== null && op === 'AccumulateGrad') {
        const name = nameOfStorage.get(tensor.values);
        if (name !== undefined) {
          node.param = name;
          params.set(name, tensor);
        }
      } else if (tensor !== null && this.opts.nodeTensors) {
        values.set(id, copy(tensor));
        tensor.retainGrad();
      }
      return node;
    });
    const grads: ParamMap = {};
    const hooks = [...params].filter(([, t]) => t.requiresGrad).map(([name, t]) => t.registerPostAccumulateGradHook((leaf) => {
      grads[name] = copy(leaf.grad!);
    }));
    this.pending = {
      step, epoch, loss, lr, detail, values, traced: nodes, params, grads, hooks,
      batch: { X: copy(detail.X), y: copy(detail.y) },
      paramsBefore: copyAll(tracked),
      graph: { nodes: graphNodes, edges: edges.map(([a, b]) => [a, b] as [number, number]) },
    };
  }

  /** Called when the loop next reports (its update is done): completes the pending record. */
  settle(tracked: Record<string, Tensor>): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    for (const hook of p.hooks) hook.remove();
    const grads: ParamMap = {};
    for (const name of Object.keys(tracked)) {
      const g = p.grads[name];
      if (g !== undefined) grads[name] = g;
    }
    const record: StepRecord = {
      step: p.step, epoch: p.epoch, batch: p.batch, paramsBefore: p.paramsBefore, loss: p.loss, grads,
      paramsAfter: copyAll(tracked), graph: p.graph, lr: p.lr,
    };
    const opt = p.detail.optimizer;
    if (opt !== undefined) {
      const state: NonNullable<StepRecord['optimizerState']> = {};
      for (const [name, t] of p.params) {
        const s = opt.stateOf(t);
        if (Object.keys(s).length > 0) state[name] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, copy(v)]));
      }
      if (Object.keys(state).length > 0) record.optimizerState = state;
    }
    if (this.opts.nodeTensors) {
      const nodeTensors: NonNullable<StepRecord['nodeTensors']> = {};
      for (const node of p.traced) {
        const t = node.tensor;
        if (t === null) continue;
        const value = node.op === 'AccumulateGrad' ? p.paramsBefore[p.graph.nodes[node.id]!.param ?? ''] : p.values.get(node.id);
        if (value === undefined) continue;
        nodeTensors[String(node.id)] = t.grad !== null ? { value, grad: copy(t.grad) } : { value };
        t.retainsGrad = false;
      }
      record.nodeTensors = nodeTensors;
    }
    this.opts.onStep(record);
  }
}
