// nn.Module: parameters and sub-modules are found on the instance's own properties in the order
// they were assigned — the order PyTorch registers them — so state-dict keys match PyTorch's
// (`0.weight`, `layers.1.bias`, …). Arrays of modules behave like nn.ModuleList.
import { Tensor } from '../tensor';
import { fmtShape, sameShape } from '../shape';
import { noGrad } from '../autograd';

const parameters = new WeakSet<Tensor>();

/** Marks a tensor as a module parameter (nn.Parameter): a leaf that requires grad. */
export function Parameter(t: Tensor, requiresGrad = true): Tensor {
  if (t.gradFn !== null) throw new Error('Parameter: expected a leaf tensor; use .detach() first');
  t.requiresGrad = requiresGrad;
  parameters.add(t);
  return t;
}

export function isParameter(v: unknown): v is Tensor {
  return v instanceof Tensor && parameters.has(v);
}

export abstract class Module {
  training = true;

  abstract forward(...inputs: Tensor[]): Tensor;

  /** Direct sub-modules with their names. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, v] of Object.entries(this)) {
      if (v instanceof Module) out.push([key, v]);
      else if (Array.isArray(v) && v.length > 0 && v.every((m) => m instanceof Module)) {
        v.forEach((m: Module, i) => out.push([`${key}.${i}`, m]));
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** Parameters held directly by this module (not by children). */
  protected directParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [key, v] of Object.entries(this)) if (isParameter(v)) out.push([key, v]);
    return out;
  }

  /** This module and every descendant, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  namedParameters(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.directParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix ? `${prefix}.${name}` : name, p]);
      }
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Parameters by PyTorch key, detached but sharing storage (like state_dict()). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.directParameters()) out[prefix ? `${prefix}.${name}` : name] = p.detach();
    }
    return out;
  }

  /** Copies values in; every missing, unexpected or mis-shaped key is named in one error. */
  loadStateDict(dict: Readonly<Record<string, Tensor>>, strict = true): void {
    const own = this.stateDict();
    const problems: string[] = [];
    const missing = Object.keys(own).filter((k) => !(k in dict));
    const unexpected = Object.keys(dict).filter((k) => !(k in own));
    if (strict && missing.length) problems.push(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}.`);
    if (strict && unexpected.length) problems.push(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}.`);
    for (const [k, t] of Object.entries(own)) {
      const src = dict[k];
      if (src !== undefined && !sameShape(src.shape, t.shape)) {
        problems.push(`size mismatch for ${k}: copying a param with shape ${fmtShape(src.shape)} from checkpoint, the shape in current model is ${fmtShape(t.shape)}.`);
      }
    }
    if (problems.length) {
      throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${problems.join('\n\t')}`);
    }
    noGrad(() => {
      for (const [k, t] of Object.entries(own)) {
        const src = dict[k];
        if (src !== undefined) t.values.set(src.values);
      }
    });
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Sets every parameter's .grad to null, or zeroes it in place with setToNone = false (see Optimizer.zeroGrad). */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (setToNone) p.clearGrad();
      else p.grad?.values.fill(0);
    }
  }

  /** Calls fn on every sub-module, then on this one (net.apply(initWeights)). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  toString(): string {
    const kids = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (kids.length === 0) return `${head})`;
    const body = kids.map(([n, m]) => `  (${n}): ${m.toString().replace(/\n/g, '\n  ')}`).join('\n');
    return `${head}\n${body}\n)`;
  }

  protected extraRepr(): string {
    return '';
  }
}
