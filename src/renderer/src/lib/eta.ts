// Progress arithmetic for the progress bar: fraction done and time left, from the steps finished
// and the wall time since the run started training.

export function fraction(step: number, totalSteps: number): number {
  if (!(totalSteps > 0)) return 0;
  return Math.min(1, Math.max(0, step / totalSteps));
}

/** Milliseconds left at the average pace so far; undefined until there is a pace to go by. */
export function etaMs(elapsedMs: number, step: number, totalSteps: number): number | undefined {
  if (!(step > 0) || !(totalSteps > 0) || !(elapsedMs >= 0)) return undefined;
  return Math.max(0, ((totalSteps - step) * elapsedMs) / step);
}

/** "85 ms", "4.2 s", "12 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = ms / 1000;
  if (s < 1) return `${Math.max(1, Math.round(ms))} ms`;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m - h * 60).padStart(2, '0')} min`;
}
