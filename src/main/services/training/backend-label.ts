// How a run names the backend it trained on (CLI first line, summaries, the status bar).
import type { BackendLabel } from '../../../shared/training';
import { backendStatus } from '../../engine';

const REQUESTED_TS = 'TypeScript backend requested';

export function currentBackendLabel(): BackendLabel {
  const s = backendStatus();
  if (s.name === 'native') return { name: 'native', label: s.label };
  if (!s.fallbackReason) return { name: 'ts', label: 'TypeScript' };
  if (s.fallbackReason === REQUESTED_TS) return { name: 'ts', label: 'TypeScript (requested)' };
  return { name: 'ts', label: `TypeScript (native unavailable: ${s.fallbackReason})` };
}
