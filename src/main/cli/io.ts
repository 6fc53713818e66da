// Where CLI commands write: injectable so tests can run commands in-process and read the output.
import { fstatSync, writeSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

/**
 * The process's own output. It writes to fds 1 and 2 with `writeSync` rather than through
 * `process.stdout`/`process.stderr`: creating those streams loads Node's stream, net and tty
 * modules, ~9 ms of a `train` whose whole process is meant to stay near a bare `node` (issue 15).
 * The output and its order are the same: Node writes files, pipes and terminals synchronously on
 * Linux and macOS too.
 */
export const processIo: CliIo = {
  out: (text) => writeFd(1, text),
  err: (text) => writeFd(2, text),
  // Only a character device can be a terminal; tty.isatty settles the rest without creating
  // process.stderr. A created stream would cost its modules and, worse, keep the command from
  // ending with process.exit (see stdioStreamsUsed): Node would free the whole heap first, so a
  // learner at a terminal would wait longer than a pipe does.
  get isTTY() {
    return isCharacterDevice(2) && process.getBuiltinModule('node:tty').isatty(2);
  },
};

function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

/** Set when an fd refused a synchronous write (EAGAIN: someone handed us a non-blocking pipe). */
const useStream = { 1: false, 2: false };

/**
 * Writes all of `text`, and stops at once, quietly and with exit code 0, when the reader has gone
 * (`d2l-workbench runs | head -3`): a pipe whose reader closed fails the write with EPIPE.
 */
export function writeFd(fd: 1 | 2, text: string, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (useStream[fd]) {
    writeStream(fd === 1 ? process.stdout : process.stderr, text, exit);
    return;
  }
  let bytes = Buffer.from(text, 'utf8');
  try {
    while (bytes.length > 0) bytes = bytes.subarray(writeSync(fd, bytes));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return exit(0);
    if (code !== 'EAGAIN') throw err;
    // The stream waits for the fd to drain; this and every later write go through it, in order.
    useStream[fd] = true;
    writeStream(fd === 1 ? process.stdout : process.stderr, bytes.toString('utf8'), exit);
  }
}

function writeStream(stream: NodeJS.WriteStream, text: string, exit: (code: number) => void): void {
  exitQuietlyOnClosedPipe(stream, exit);
  stream.write(text);
  // Pipes are written synchronously on Linux, but their 'error' event waits for the event loop,
  // which a training loop never returns to; the stream's `errored` is set by the write itself.
  if ((stream.errored as NodeJS.ErrnoException | null)?.code === 'EPIPE') exit(0);
}

const guarded = new WeakSet<NodeJS.WritableStream>();
let streamsUsed = false;

/** Whether process.stdout or process.stderr was created since `guardStdioWhenUsed` (it may hold queued output). */
export function stdioStreamsUsed(): boolean {
  return streamsUsed;
}

/**
 * A reader that goes away (`d2l-workbench runs | head -3`) is not a failure: the next write gets
 * EPIPE, and the command stops there without a word, exit code 0, as if it had finished. Any
 * other stream error is still thrown.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    exit(0);
  });
}

/**
 * Guards process.stdout and process.stderr with `exitQuietlyOnClosedPipe` when something first
 * uses them (the bench's report, a warning), without creating them now: see `processIo`.
 */
export function guardStdioWhenUsed(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const desc = Object.getOwnPropertyDescriptor(process, name);
    const get = desc?.get;
    if (!desc?.configurable || !get) {
      streamsUsed = true;
      exitQuietlyOnClosedPipe(process[name]);
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: desc.enumerable ?? false,
      get() {
        streamsUsed = true;
        const stream = get.call(process) as NodeJS.WriteStream;
        Object.defineProperty(process, name, { configurable: true, enumerable: desc.enumerable ?? false, get: () => stream });
        exitQuietlyOnClosedPipe(stream);
        return stream;
      },
    });
  }
}
