// What `serve` prints without --verbose: refusals, failures and dropped messages, never the routine
// traffic (each static GET and each socket that connects), so the URL stays the thing on screen.

/** One routine line: a request answered (`GET /assets/x.js 200`) or a socket that connected. */
const ROUTINE = /^(?:[A-Z]+ \S+ (?:200|304)|websocket connected)$/;

export function isRoutineLogLine(line: string): boolean {
  return ROUTINE.test(line);
}

/** `write` for every line when verbose; else only the lines worth a learner's attention. */
export function serveLog(write: (line: string) => void, verbose: boolean): (line: string) => void {
  return verbose ? write : (line) => {
    if (!isRoutineLogLine(line)) write(line);
  };
}
