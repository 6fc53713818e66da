// The PyTorch code that loads an exported file into the module the experiment trains, so a learner
// can carry parameters from the workbench into the book's notebooks. The module is the one the
// experiment's PyTorch program builds (src/main/experiments/programs/<id>.py), never a guess.
import type { ExportFormat } from '../../../shared/runs';

/**
 * The experiment's own PyTorch program (experiments.program, with the run's hyperparameters) and
 * the line that builds its module: `make_net()` returns the book's model, whose state_dict names
 * are the run's parameter names. The program's top level only defines things, so it runs alone.
 */
export function moduleCode(program: string): string {
  return [program.trimEnd(), '', '', 'net = make_net()  # the book\'s module, with the state_dict names of the export'].join('\n');
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

/** What the program needs besides its own lines (the d2l helpers are not called by make_net). */
const IMPORTS = ['import math', '', 'import numpy as np', 'import torch', 'from torch import nn', 'from torch.utils import data'];

export function pytorchSnippet(program: string, format: ExportFormat, fileName: string): string {
  return [...IMPORTS, '', '', moduleCode(program), loadCode(format, fileName)].join('\n');
}
