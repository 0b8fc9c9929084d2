/** Runs the real `awsmon` command in a child process, as a user would. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const AWSMON_BIN = fileURLToPath(new URL('../../bin/awsmon.js', import.meta.url));

/** The exit code and output of a finished command. */
export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Starts `awsmon args...`; the caller may kill it. */
export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [AWSMON_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const result = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, result };
}

/** Resolves once the child's stderr matches `pattern`; rejects when it exits first or after `timeoutMs`. */
export function waitForStderr(child: ChildProcess, pattern: RegExp, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => finish(new Error(`no stderr line matching ${pattern} within ${timeoutMs} ms; got: ${seen}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m !== null) finish(undefined, m[0]);
    };
    const onClose = (): void => finish(new Error(`the process exited before printing ${pattern}; got: ${seen}`));
    function finish(err: Error | undefined, match?: string): void {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('close', onClose);
      if (err) reject(err);
      else resolve(match ?? '');
    }
    child.stderr?.on('data', onData);
    child.on('close', onClose);
  });
}

/** Runs `awsmon args...` to the end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).result;
}
