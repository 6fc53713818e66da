// Types of the differential cases built by cases.mjs and of PyTorch's answers (record_diff.py).
import type { Arbitrary } from 'fast-check';

/** A JSON number, or a non-finite float spelled as a string. */
export type Value = number | 'nan' | 'inf' | '-inf';

export interface Encoded {
  shape: number[];
  data: Value[];
}

export type Arg =
  | number | boolean | string | null | number[]
  | { node: number } | { nodes: number[] } | { index: { shape: number[]; data: number[] } };

export type Node =
  | { leaf: Encoded & { grad: boolean } }
  | { op: string; self?: number; args: Arg[] };

export interface ChainCase {
  id: number;
  kind: 'chain';
  nodes: Node[];
  backward?: { node: number; g: Value[]; twice: boolean; retain: boolean };
}

export interface OptimCase {
  id: number;
  kind: 'optim';
  optimizer: 'SGD' | 'Adam';
  options: Record<string, number | boolean | number[]>;
  params: Encoded[];
  targets: Encoded[];
  masks: boolean[][];
  setToNone: boolean;
}

export type Case = ChainCase | OptimCase;

export interface RaisedError {
  type: string;
  message: string;
  /** Index of the node that raised (chain steps). */
  at?: number;
}

export interface NodeResult extends Encoded {
  strides: number[];
  rg: boolean;
}

/** What one case gave: chains fill nodes/grads, optimiser runs fill trajectory. */
export interface Outcome {
  nodes?: (NodeResult | null)[];
  error?: RaisedError;
  grads?: (Encoded | null)[];
  backwardError?: RaisedError;
  grads2?: (Encoded | null)[];
  secondError?: RaisedError;
  trajectory?: Encoded[][];
}

export declare const caseArbitrary: Arbitrary<Omit<Case, 'id'>>;
export declare function sampleCases(seed: number, count: number): Case[];
