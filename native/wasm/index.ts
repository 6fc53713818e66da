// The wasm backend's kernels (entry file for asc). See README.md for how they are built and loaded.
export { sgemm, sgemmRows, workBytes } from './gemm';
export { relu, reluBackward } from './elementwise';

/** First free byte after the module's static data: the JavaScript side manages memory from here. */
export function heapBase(): usize {
  return __heap_base;
}
