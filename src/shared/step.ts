// One training step seen from inside (book 4.7): the minibatch, the parameters before, the loss,
// the gradients, the parameters after, optimiser state and the autograd graph with PyTorch's
// grad_fn names. The CLI prints StepRecord as JSON lines; the panel gets a StepView, the same step
// with large tensors summarised so a 784×256 weight does not cross the transport every press.
import type { ParamMap, ParamValue, TrainingRequest } from './training';

/** A tensor as row-major numbers. */
export type TensorData = ParamValue;

export interface StepGraphNode {
  id: number;
  /** PyTorch's grad_fn class name ('AddmmBackward0', 'AccumulateGrad', …). */
  op: string;
  shape: number[];
  /** For AccumulateGrad: the parameter's state_dict key. */
  param?: string;
}

/** Edges run forward, [input node, node], as next_functions read backwards. */
export interface StepGraph {
  nodes: StepGraphNode[];
  edges: [number, number][];
}

export interface StepRecord {
  /** 1-based, counted over the whole run. */
  step: number;
  /** 1-based epoch the step belongs to. */
  epoch: number;
  /** X exactly as the model receives it, y as the loss receives it. */
  batch: { X: TensorData; y: TensorData };
  paramsBefore: ParamMap;
  /** The loss the loop reports for the step (the batch mean). */
  loss: number;
  grads: ParamMap;
  paramsAfter: ParamMap;
  /** Per parameter, the optimiser's state after the update (momentumBuffer, expAvg, …) when it keeps any. */
  optimizerState?: Record<string, Record<string, TensorData>>;
  graph: StepGraph;
  /** The learning rate of the update (so −lr·grad can be shown). */
  lr: number;
  /** Forward value and gradient of graph nodes that have a tensor of their own, by node id. */
  nodeTensors?: Record<string, { value: TensorData; grad?: TensorData }>;
}

/** A tensor for the panel: every value when small, else a summary with a downsampled heatmap. */
export interface TensorSummary {
  shape: number[];
  /** Every value, row-major, when there are at most STEP_FULL_VALUES of them. */
  data?: number[];
  min: number;
  max: number;
  mean: number;
  /** L2 norm. */
  norm: number;
  /** Values averaged into at most STEP_HEATMAP_SIDE × STEP_HEATMAP_SIDE cells (rows × cols of the 2-D view). */
  heatmap?: { rows: number; cols: number; data: number[] };
  /** Counts over STEP_HISTOGRAM_BINS equal bins between min and max. */
  histogram: number[];
}

export type SummaryMap = Record<string, TensorSummary>;

export interface StepView {
  step: number;
  epoch: number;
  stepsPerEpoch: number;
  lr: number;
  loss: number;
  /** The minibatch (X with every value when small, so the scatter can highlight its points). */
  batch: { X: TensorSummary; y: TensorSummary };
  /** The experiment's data scatter (the panel draws the batch's points over it). */
  scatter?: { xLabel: string; yLabel: string; x: number[]; y: number[] };
  /** For image batches (N, 1, H, W): the first few images, values in [0, 1], and their labels. */
  images?: { side: number; pixels: number[][]; labels: number[] };
  paramsBefore: SummaryMap;
  grads: SummaryMap;
  /** paramsAfter − paramsBefore per parameter: −lr·grad for plain SGD; with weight decay, momentum, Adam or the book's sgd (÷ batch size), what they applied. */
  updates: SummaryMap;
  paramsAfter: SummaryMap;
  optimizerState?: Record<string, SummaryMap>;
  graph: StepGraph;
  nodeTensors: Record<string, { value: TensorSummary; grad?: TensorSummary }>;
}

/** Ask for step `step` (1-based) of the run the request describes. */
export interface StepRequest {
  request: TrainingRequest;
  step: number;
}

export const STEP_FULL_VALUES = 64;
export const STEP_HEATMAP_SIDE = 48;
export const STEP_HISTOGRAM_BINS = 24;
/** A step request may ask for at most this step (runs are replayed from the start). */
export const MAX_STEP_REQUEST = 100_000;
