// Decides a run's forward graph for ONNX export. A run that states its graph (`record.model`)
// wins; otherwise the graph is read off the parameter names, which follow PyTorch state_dict keys:
//   - `w` (in, out) and optional `b`: the book's from-scratch linear model, X @ w + b;
//   - `N.weight` / `N.bias`: an nn.Sequential whose parameter-free modules sit between them. In the
//     book those are nn.Flatten at index 0 of image models and nn.ReLU (+ nn.Dropout, an identity
//     at inference) between linear layers, so a leading gap becomes Flatten and an inner gap ReLU.
import type { ModelDescription, ModelLayer } from '../../../shared/runs';
import type { NamedParams } from './tensors';

/** Fashion-MNIST images (1×28×28) are what the book flattens to 784 features. */
const IMAGE_FEATURES = 784;
const IMAGE_SHAPE = [1, 28, 28];

function sequentialGraph(params: NamedParams): ModelDescription | undefined {
  const modules = new Map<number, { weight?: string; bias?: string }>();
  for (const name of Object.keys(params)) {
    const m = /^(\d{1,4})\.(weight|bias)$/.exec(name);
    if (!m) return undefined;
    const index = Number(m[1]);
    const entry = modules.get(index) ?? {};
    entry[m[2] as 'weight' | 'bias'] = name;
    modules.set(index, entry);
  }
  const indices = [...modules.keys()].sort((a, b) => a - b);
  if (indices.length === 0) return undefined;
  const layers: ModelLayer[] = [];
  let inputShape: number[] | undefined;
  let previous = -1;
  for (const index of indices) {
    const { weight, bias } = modules.get(index)!;
    if (!weight || params[weight]!.shape.length !== 2) return undefined;
    if (previous < 0 && index > 0) layers.push({ kind: 'flatten' });
    if (previous >= 0 && index > previous + 1) layers.push({ kind: 'relu' });
    if (!inputShape) {
      const inFeatures = params[weight]!.shape[1]!;
      inputShape = index > 0 && inFeatures === IMAGE_FEATURES ? [...IMAGE_SHAPE] : [inFeatures];
    }
    layers.push(bias ? { kind: 'linear', weight, bias, layout: 'out-in' } : { kind: 'linear', weight, layout: 'out-in' });
    previous = index;
  }
  return { inputShape: inputShape!, layers };
}

function scratchLinearGraph(params: NamedParams): ModelDescription | undefined {
  const names = Object.keys(params).sort();
  const w = params.w;
  if (!w || w.shape.length !== 2 || !(names.join() === 'w' || names.join() === 'b,w')) return undefined;
  const layer: ModelLayer = params.b ? { kind: 'linear', weight: 'w', bias: 'b', layout: 'in-out' } : { kind: 'linear', weight: 'w', layout: 'in-out' };
  return { inputShape: [w.shape[0]!], layers: [layer] };
}

export function describeModel(run: { id: string; experiment: string; model?: ModelDescription }, params: NamedParams): ModelDescription {
  if (run.model) return run.model;
  const own = Object.create(null) as NamedParams;
  Object.assign(own, params);
  const graph = scratchLinearGraph(own) ?? sequentialGraph(own);
  if (!graph) {
    throw new Error(
      `run ${run.id} (${run.experiment}) has no graph the ONNX exporter knows (parameters: ${Object.keys(params).join(', ') || 'none'}); ` +
        'export it as safetensors, npz, json or csv',
    );
  }
  return graph;
}
