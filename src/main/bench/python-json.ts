// The bench's PyTorch side: a Python script whose last stdout line is its figures as JSON.
import { spawn } from 'node:child_process';

/**
 * Runs `python -c script ...args`; resolves to the last stdout line parsed as JSON, or rejects with
 * a one-line reason (could not start, killed after `timeoutMs`, exit code and stderr's last line).
 */
export function runPythonJson<T>(python: string, script: string, args: readonly string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${python} could not start: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) {
        try {
          resolve(JSON.parse(last) as T);
        } catch (err) {
          reject(new Error(`${python} printed unreadable JSON: ${err instanceof Error ? err.message : String(err)}`));
        }
        return;
      }
      const why = stderr.trim().split('\n').at(-1) ?? '';
      reject(new Error(`${python} exited with ${signal ?? `code ${code}`}${why ? `: ${why}` : ''}`));
    });
  });
}
