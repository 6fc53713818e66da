// The PyTorch code that loads an exported file into the module the experiment trains, so a learner
// can carry parameters from the workbench into the book's notebooks.
import type { ExportFormat, RunRecord } from '../../../shared/runs';

/** The module whose state_dict the run's parameter names match. */
export function moduleCode(record: Pick<RunRecord, 'experiment' | 'params' | 'config'>): string {
  const names = record.params.map((p) => p.name);
  if (names.includes('w') && names.includes('b')) {
    const w = record.params.find((p) => p.name === 'w')!;
    const shape = w.shape.join(', ');
    return [
      '# The book\'s from-scratch model: parameters w and b in a Module so load_state_dict works.',
      'class LinReg(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      `        self.w = nn.Parameter(torch.zeros(${shape}))`,
      `        self.b = nn.Parameter(torch.zeros(${record.params.find((p) => p.name === 'b')!.shape.join(', ')}))`,
      '    def forward(self, X):',
      '        return X @ self.w + self.b',
      'net = LinReg()',
    ].join('\n');
  }
  // nn.Sequential: rebuild it from the Linear layers' shapes (ReLU between, Flatten before images).
  const linear = record.params
    .map((p) => ({ p, m: /^(\d+)\.weight$/.exec(p.name) }))
    .filter((x): x is { p: RunRecord['params'][number]; m: RegExpExecArray } => x.m !== null && x.p.shape.length === 2)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]));
  if (linear.length === 0) return '# This run has no parameters to load.\nnet = None';
  const parts: string[] = [];
  let next = 0;
  for (const { p, m } of linear) {
    const index = Number(m[1]);
    while (next < index) {
      parts.push(next === 0 ? 'nn.Flatten()' : 'nn.ReLU()');
      next++;
    }
    const hasBias = record.params.some((q) => q.name === `${index}.bias`);
    parts.push(`nn.Linear(${p.shape[1]}, ${p.shape[0]}${hasBias ? '' : ', bias=False'})`);
    next++;
  }
  return `net = nn.Sequential(${parts.join(', ')})`;
}

export function loadCode(format: ExportFormat, fileName: string): string {
  const f = JSON.stringify(fileName);
  switch (format) {
    case 'safetensors':
      return `from safetensors.torch import load_file\nnet.load_state_dict(load_file(${f}))`;
    case 'npz':
      return `import numpy as np\narrays = np.load(${f})\nnet.load_state_dict({k: torch.from_numpy(arrays[k]) for k in arrays.files})`;
    case 'json':
      return `import json\nwith open(${f}) as fh:\n    doc = json.load(fh)\nnet.load_state_dict({k: torch.tensor(v["values"], dtype=torch.float32) for k, v in doc["params"].items()})`;
    case 'csv':
      return [
        'import csv',
        'state = {k: torch.zeros_like(v) for k, v in net.state_dict().items()}',
        `with open(${f}) as fh:`,
        '    for row in csv.DictReader(fh):',
        '        index = tuple(int(i) for i in row["index"].split(","))',
        '        state[row["name"]][index] = float(row["value"])',
        'net.load_state_dict(state)',
      ].join('\n');
    case 'onnx':
      return [
        'import onnx',
        'from onnx import numpy_helper',
        `model = onnx.load(${f})`,
        '# The initializers carry the state_dict names.',
        'net.load_state_dict({t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer})',
      ].join('\n');
  }
}

export function pytorchSnippet(record: Pick<RunRecord, 'experiment' | 'params' | 'config'>, format: ExportFormat, fileName: string): string {
  return ['import torch', 'from torch import nn', '', moduleCode(record), loadCode(format, fileName)].join('\n');
}
