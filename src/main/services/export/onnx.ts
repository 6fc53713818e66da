// ONNX export for models that have a forward graph (linear regression, softmax regression, MLPs):
// opset 13, Flatten / Gemm / Relu / Softmax nodes, parameters as initializers under their
// state_dict names, one input `input` of shape [batch, ...] with a symbolic batch dimension and
// one output `output`. Field numbers follow onnx/onnx.proto (IR version 8).
import type { ModelDescription } from '../../../shared/runs';
import { bytesField, fieldChunks, floatField, intField, message, messageField, messageParts, stringField, type Field } from './protobuf';
import { checkParams, elementCount, float32Chunks, type NamedParams, type ParamTensor } from './tensors';

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_FLOAT = 1;
const ATTR_INT = 2;

export interface OnnxInfo {
  producerVersion?: string;
  /** Shown by tools like Netron; e.g. run id, experiment, section. */
  metadata?: Record<string, string>;
}

function attrInt(name: string, value: number): Field {
  return messageField(5, stringField(1, name), intField(3, value), intField(20, ATTR_INT));
}

function attrFloat(name: string, value: number): Field {
  return messageField(5, stringField(1, name), floatField(2, value), intField(20, ATTR_FLOAT));
}

function node(opType: string, name: string, inputs: string[], output: string, attrs: Field[] = []): Field {
  return messageField(1, ...inputs.map((i) => stringField(1, i)), stringField(2, output), stringField(3, name), stringField(4, opType), ...attrs);
}

function initializer(name: string, t: ParamTensor): Field {
  return messageField(5, ...t.shape.map((d) => intField(1, d)), intField(2, FLOAT), stringField(8, name), bytesField(9, float32Chunks(t.data)));
}

function valueInfo(field: 11 | 12, name: string, dims: Array<number | string>): Field {
  const dimFields = dims.map((d) => messageField(1, typeof d === 'string' ? stringField(2, d) : intField(1, d)));
  const tensorType = messageField(1, intField(1, FLOAT), messageField(2, ...dimFields));
  return messageField(field, stringField(1, name), messageField(2, tensorType));
}

function tensorFor(params: NamedParams, name: string, what: string): ParamTensor {
  const t = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
  if (!t) throw new Error(`onnx: ${what} "${name}" is not among the run's parameters (${Object.keys(params).join(', ') || 'none'})`);
  return t;
}

/** The ONNX ModelProto bytes in one buffer (small models, tests); see onnxModel for the streamed form. */
export function encodeOnnx(model: ModelDescription, params: NamedParams, info: OnnxInfo = {}): Uint8Array {
  return message(onnxModel(model, params, info));
}

/** The model's bytes in chunks: the initializers' float data is produced as it is written. */
export function onnxChunks(model: ModelDescription, params: NamedParams, info: OnnxInfo = {}): { length: number; chunks: Iterable<Uint8Array> } {
  const all = onnxModel(model, params, info);
  return { length: all.length, chunks: fieldChunks(all) };
}

/** Builds the ONNX ModelProto; checks every shape along the way and names the layer that does not fit. */
export function onnxModel(model: ModelDescription, params: NamedParams, info: OnnxInfo = {}): Field {
  checkParams(params);
  if (model.inputShape.length === 0 || !model.inputShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
    throw new Error(`onnx: inputShape [${model.inputShape.join(', ')}] must be whole numbers > 0`);
  }
  let features: number | undefined = model.inputShape.length === 1 ? model.inputShape[0] : undefined;
  let current = 'input';
  const nodes: Field[] = [];
  const inits = new Map<string, Field>();
  model.layers.forEach((layer, i) => {
    const last = i === model.layers.length - 1;
    const out = last ? 'output' : `${layer.kind}_${i}`;
    const label = `layer ${i} (${layer.kind})`;
    if (layer.kind === 'flatten') {
      nodes.push(node('Flatten', `flatten_${i}`, [current], out, [attrInt('axis', 1)]));
      features = elementCount(model.inputShape);
    } else if (layer.kind === 'relu') {
      nodes.push(node('Relu', `relu_${i}`, [current], out));
    } else if (layer.kind === 'softmax') {
      nodes.push(node('Softmax', `softmax_${i}`, [current], out, [attrInt('axis', 1)]));
    } else {
      const w = tensorFor(params, layer.weight, `${label} weight`);
      if (w.shape.length !== 2) throw new Error(`onnx: ${label} weight ${layer.weight} must be 2-D, has shape [${w.shape.join(', ')}]`);
      const [inF, outF] = layer.layout === 'out-in' ? [w.shape[1]!, w.shape[0]!] : [w.shape[0]!, w.shape[1]!];
      if (features === undefined) throw new Error(`onnx: ${label} needs 2-D input; add a flatten layer for input shape [${model.inputShape.join(', ')}]`);
      if (inF !== features) throw new Error(`onnx: ${label} weight ${layer.weight} takes ${inF} features but receives ${features}`);
      const inputs = [current, layer.weight];
      inits.set(layer.weight, initializer(layer.weight, w));
      if (layer.bias !== undefined) {
        const b = tensorFor(params, layer.bias, `${label} bias`);
        if (elementCount(b.shape) !== outF || b.shape.length > 1) {
          throw new Error(`onnx: ${label} bias ${layer.bias} must have shape [${outF}], has [${b.shape.join(', ')}]`);
        }
        inputs.push(layer.bias);
        inits.set(layer.bias, initializer(layer.bias, b));
      }
      const attrs = [attrFloat('alpha', 1), attrFloat('beta', 1), attrInt('transA', 0), attrInt('transB', layer.layout === 'out-in' ? 1 : 0)];
      nodes.push(node('Gemm', `gemm_${i}`, inputs, out, attrs));
      features = outF;
    }
    current = out;
  });
  if (nodes.length === 0) throw new Error('onnx: the model has no layers');
  if (features === undefined) throw new Error(`onnx: output of input shape [${model.inputShape.join(', ')}] is not 2-D; add a flatten layer`);
  const graph = messageField(
    7,
    ...nodes,
    stringField(2, 'd2l_workbench'),
    ...inits.values(),
    valueInfo(11, 'input', ['batch', ...model.inputShape]),
    valueInfo(12, 'output', ['batch', features]),
  );
  const props = Object.entries(info.metadata ?? {}).map(([k, v]) => messageField(14, stringField(1, k), stringField(2, v)));
  return messageParts(
    intField(1, ONNX_IR_VERSION),
    stringField(2, 'd2l-workbench'),
    stringField(3, info.producerVersion ?? '0'),
    graph,
    messageField(8, stringField(1, ''), intField(2, ONNX_OPSET)),
    ...props,
  );
}
