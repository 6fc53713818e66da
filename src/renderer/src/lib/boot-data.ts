// The boot data web mode's server embeds in the page (src/shared/boot-data.ts): the experiment list
// for the first screen, checked with the same schema as the `experiments.list` reply. Absent (the
// Electron app), unreadable or invalid data yields undefined and the app asks over the contract;
// invalid data is reported on the console, never trusted.
import * as v from 'valibot';
import { BOOT_DATA_ID } from '../../../shared/boot-data';
import { errorMessage } from '../../../shared/error-message';
import type { ExperimentSpec } from '../../../shared/experiment-spec';
import { experimentListSchema } from '../../../shared/experiment-spec-schema';

const bootSchema = v.object({ experiments: experimentListSchema });

export function bootExperiments(doc: Pick<Document, 'getElementById'> | undefined = globalThis.document): ExperimentSpec[] | undefined {
  const el = doc?.getElementById(BOOT_DATA_ID);
  if (!el) return undefined;
  if (el.tagName !== 'SCRIPT' || el.getAttribute('type') !== 'application/json') {
    console.warn(`boot data ignored: #${BOOT_DATA_ID} is not a <script type="application/json">`);
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(el.textContent ?? '');
  } catch (err) {
    console.warn(`boot data ignored: not JSON (${errorMessage(err)})`);
    return undefined;
  }
  const parsed = v.safeParse(bootSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    console.warn(`boot data ignored: ${issue.message}${path ? ` at ${path}` : ''}`);
    return undefined;
  }
  return parsed.output.experiments;
}
