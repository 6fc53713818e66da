// Where CLI commands write: injectable so tests can run commands in-process and read the output.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

export const processIo: CliIo = {
  out: (text) => write(process.stdout, text),
  err: (text) => write(process.stderr, text),
  isTTY: Boolean(process.stderr.isTTY),
};

/**
 * Writes, and stops at once when the reader has gone. Pipes are written synchronously on Linux,
 * but their 'error' event waits for the event loop, which a training loop never returns to; the
 * stream's `errored` is set by the write itself.
 */
function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text);
  if ((stream.errored as NodeJS.ErrnoException | null)?.code === 'EPIPE') process.exit(0);
}

/**
 * A reader that goes away (`d2l-workbench runs | head -3`) is not a failure: the next write gets
 * EPIPE, and the command stops there without a word, exit code 0, as if it had finished. Any
 * other stream error is still thrown.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    exit(0);
  });
}
