// What the panel's step mode gets for one step: the StepRecord with every large tensor summarised
// (norm, range, a downsampled heatmap, a histogram), so a press of "Step" on the MLP moves a few
// hundred KB instead of tens of MB.
import {
  STEP_FULL_VALUES, STEP_HEATMAP_SIDE, STEP_HISTOGRAM_BINS,
  type StepRecord, type StepView, type SummaryMap, type TensorData, type TensorSummary,
} from '../../../shared/step';
import type { DatasetView, ParamMap, TrainingRequest } from '../../../shared/training';
import type { Catalog } from '../../experiments/catalog';
import { runSteps } from './steps';

const IMAGE_STRIP = 8;

/** The tensor seen as rows × cols: the last dim is the columns, everything before it the rows. */
function grid(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  const cols = shape[shape.length - 1]!;
  return [cols === 0 ? 0 : shape.reduce((a, b) => a * b, 1) / cols, cols];
}

export function summarize(t: TensorData): TensorSummary {
  const d = t.data;
  let min = Infinity, max = -Infinity, sum = 0, sq = 0;
  for (const v of d) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sq += v * v;
  }
  const n = d.length;
  const out: TensorSummary = {
    shape: [...t.shape], min: n ? min : 0, max: n ? max : 0, mean: n ? sum / n : 0, norm: Math.sqrt(sq), histogram: [],
  };
  const bins = new Array<number>(STEP_HISTOGRAM_BINS).fill(0);
  const width = (max - min) / STEP_HISTOGRAM_BINS;
  for (const v of d) bins[width > 0 ? Math.min(STEP_HISTOGRAM_BINS - 1, Math.floor((v - min) / width)) : 0]!++;
  out.histogram = n ? bins : [];
  if (n <= STEP_FULL_VALUES) out.data = [...d];
  else {
    const [rows, cols] = grid(t.shape);
    const hr = Math.min(rows, STEP_HEATMAP_SIDE), hc = Math.min(cols, STEP_HEATMAP_SIDE);
    const cells = new Array<number>(hr * hc).fill(0);
    const counts = new Array<number>(hr * hc).fill(0);
    for (let r = 0; r < rows; r++) {
      const cr = Math.floor((r * hr) / rows);
      for (let c = 0; c < cols; c++) {
        const k = cr * hc + Math.floor((c * hc) / cols);
        cells[k]! += d[r * cols + c]!;
        counts[k]!++;
      }
    }
    out.heatmap = { rows: hr, cols: hc, data: cells.map((v, i) => v / Math.max(1, counts[i]!)) };
  }
  return out;
}

function summarizeAll(m: ParamMap): SummaryMap {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, summarize(v)]));
}

export function stepViewOf(r: StepRecord, stepsPerEpoch: number, dataset?: DatasetView): StepView {
  const updates: ParamMap = {};
  // What the step changed: −lr·grad for plain SGD, and also right for weight decay, momentum, Adam
  // and the book's sgd (which divides by the batch size).
  for (const [name, before] of Object.entries(r.paramsBefore)) {
    const after = r.paramsAfter[name];
    if (after !== undefined) updates[name] = { shape: before.shape, data: before.data.map((v, i) => after.data[i]! - v) };
  }
  const view: StepView = {
    step: r.step, epoch: r.epoch, stepsPerEpoch, lr: r.lr, loss: r.loss,
    batch: { X: summarize(r.batch.X), y: summarize(r.batch.y) },
    paramsBefore: summarizeAll(r.paramsBefore), grads: summarizeAll(r.grads), updates: summarizeAll(updates),
    paramsAfter: summarizeAll(r.paramsAfter), graph: r.graph,
    nodeTensors: Object.fromEntries(Object.entries(r.nodeTensors ?? {}).map(([id, { value, grad }]) => [
      id, grad === undefined ? { value: summarize(value) } : { value: summarize(value), grad: summarize(grad) },
    ])),
  };
  if (dataset?.scatter) view.scatter = dataset.scatter;
  if (r.optimizerState) {
    view.optimizerState = Object.fromEntries(Object.entries(r.optimizerState).map(([k, s]) => [k, summarizeAll(s)]));
  }
  const xs = r.batch.X.shape;
  if (xs.length === 4 && xs[1] === 1 && xs[2] === xs[3]) {
    const side = xs[2]!, per = side * side, n = Math.min(IMAGE_STRIP, xs[0]!);
    view.images = {
      side,
      pixels: Array.from({ length: n }, (_, i) => r.batch.X.data.slice(i * per, (i + 1) * per).map((v) => Math.round(v * 100) / 100)),
      labels: r.batch.y.data.slice(0, n),
    };
  }
  return view;
}

/** Replays the run to step `step` and returns that step for the panel. */
export function stepView(request: TrainingRequest, step: number, catalog: Catalog): StepView {
  const run = runSteps(request, { from: step, to: step, nodeTensors: true }, catalog);
  const record = run.records[0];
  if (record === undefined) throw new Error(run.problem ?? `step ${step} was not recorded`);
  return stepViewOf(record, run.stepsPerEpoch, run.dataset);
}
