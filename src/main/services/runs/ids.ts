// Run ids name folders, so they are built only from [a-z0-9-]: the UTC time the run was saved
// (sortable, readable) and 24 random bits, e.g. `20261126-143000-ab12cd`. The bits only keep two
// runs saved in the same second apart, and nothing is secret in them: Math.random serves, and
// spares `train` loading node:crypto (~9 ms of a whole CLI process, issue 15).

export function newRunId(now: Date = new Date(), random: Uint8Array = randomBits24()): string {
  const iso = now.toISOString(); // 2026-11-26T14:30:00.000Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  let hex = '';
  for (const byte of random) hex += byte.toString(16).padStart(2, '0');
  return `${stamp}-${hex}`;
}

function randomBits24(): Uint8Array {
  const n = Math.floor(Math.random() * 0x1000000);
  return Uint8Array.of(n >>> 16, (n >>> 8) & 0xff, n & 0xff);
}
