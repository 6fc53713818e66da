// How a run names the backend it trained on (CLI first line, summaries, the status bar).
import type { BackendLabel } from '../../../shared/training';
import { backendStatus } from '../../engine';

/** The fallback reasons engine/backend/index.ts gives when a backend was chosen on purpose. */
const REQUESTED = ['TypeScript backend requested', 'WebAssembly backend requested'];

export function currentBackendLabel(): BackendLabel {
  const s = backendStatus();
  if (s.name === 'native' || !s.fallbackReason) return { name: s.name, label: s.label };
  if (REQUESTED.includes(s.fallbackReason)) return { name: s.name, label: `${s.label} (requested)` };
  return { name: s.name, label: `${s.label} (native unavailable: ${s.fallbackReason})` };
}
