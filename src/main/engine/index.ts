// The engine's public surface (package export `d2l-workbench/engine`): PyTorch names, TypeScript manners.
export { Tensor, type NestedNumbers, type Operand, type IndexLike, type ValuesIndices, type BackwardOptions } from './tensor';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, randn, rand, normal, uniform, randint,
  type CreateOptions, type TensorOptions, type ShapeLike,
} from './creation';
export { cat, stack } from './ops/shape';
export { Generator, defaultGenerator, manualSeed } from './random';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, type GradFn, type TorchInput } from './autograd';
export { autogradGraph, traceAutograd, type AutogradGraph, type GraphNode, type TracedGraph, type TracedNode } from './graph';
export { setBackend, getBackend, backendStatus, tryNative, type BackendChoice, type BackendStatus } from './backend';
export type { Backend, BackendName } from './backend/types';
export * as nn from './nn';
export * as optim from './optim';
export * as data from './data';
