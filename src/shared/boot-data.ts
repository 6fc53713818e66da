// What web mode's server puts into the page it serves, so the first screen shows the experiment
// list without waiting for the WebSocket and its first reply (issue 15): an inert
// <script type="application/json"> element (never executed, so the strict CSP is untouched),
// read and validated by the renderer (src/renderer/src/lib/boot-data.ts). Electron's page has none;
// the renderer then asks over the contract as before.
import type { ExperimentSpec } from './experiment-spec';

/** The id of the element holding the boot data. */
export const BOOT_DATA_ID = 'd2l-boot';

export interface BootData {
  experiments: readonly ExperimentSpec[];
}

/**
 * The element to insert into the page: JSON with every `<` written as `\u003c`, so no text in it
 * can close the element or open a comment, and U+2028/U+2029 escaped too (valid JSON either way).
 */
export function bootDataElement(data: BootData): string {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${BOOT_DATA_ID}">${json}</script>`;
}
