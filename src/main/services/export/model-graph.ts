// Decides a run's forward graph for ONNX export. A run that states its graph (`record.model`)
// wins; otherwise the graph is read off the parameter names, which follow PyTorch state_dict keys:
//   - `w` (in, out) and optional `b`: the book's from-scratch linear model, X @ w + b;
//   - `W`, `b` / `W1`, `b1`, `W2`, `b2`: the from-scratch softmax regression and MLP (3.6, 4.2);
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

/**
 * The book's from-scratch image classifiers, which keep their parameters as plain tensors:
 * 3.6 softmax regression `softmax(X.reshape(-1, 784) @ W + b)` and 4.2's MLP
 * `relu(X @ W1 + b1) @ W2 + b2` (logits: its loss applies the softmax).
 */
function scratchClassifierGraph(params: NamedParams): ModelDescription | undefined {
  const names = Object.keys(params).sort().join();
  const image = (features: number): number[] => (features === IMAGE_FEATURES ? [...IMAGE_SHAPE] : [features]);
  if (names === 'W,b' && params.W!.shape.length === 2) {
    const features = params.W!.shape[0]!;
    const layers: ModelLayer[] = [{ kind: 'linear', weight: 'W', bias: 'b', layout: 'in-out' }, { kind: 'softmax' }];
    return { inputShape: image(features), layers: features === IMAGE_FEATURES ? [{ kind: 'flatten' }, ...layers] : layers };
  }
  if (names === 'W1,W2,b1,b2' && params.W1!.shape.length === 2 && params.W2!.shape.length === 2) {
    const features = params.W1!.shape[0]!;
    const layers: ModelLayer[] = [
      { kind: 'linear', weight: 'W1', bias: 'b1', layout: 'in-out' },
      { kind: 'relu' },
      { kind: 'linear', weight: 'W2', bias: 'b2', layout: 'in-out' },
    ];
    return { inputShape: image(features), layers: features === IMAGE_FEATURES ? [{ kind: 'flatten' }, ...layers] : layers };
  }
  return undefined;
}

export function describeModel(run: { id: string; experiment: string; model?: ModelDescription }, params: NamedParams): ModelDescription {
  if (run.model) return run.model;
  const own = Object.create(null) as NamedParams;
  Object.assign(own, params);
  const graph = scratchLinearGraph(own) ?? scratchClassifierGraph(own) ?? sequentialGraph(own);
  if (!graph) {
    throw new Error(
      `run ${run.id} (${run.experiment}) has no graph the ONNX exporter knows (parameters: ${Object.keys(params).join(', ') || 'none'}); ` +
        'export it as safetensors, npz, json or csv',
    );
  }
  return graph;
}
