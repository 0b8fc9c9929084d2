/** Runs the real `awsmon` command in a child process, as a user would. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOTO_CREDENTIALS } from './moto.ts';

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

/** A temp folder for a CLI run, and the environment that gives the run's SDK clients profile `default` (moto's keys, us-east-1). */
export interface CliWorkspace { dir: string; env: Record<string, string>; cleanup: () => Promise<void> }

/** Creates a temp folder holding AWS shared `credentials` and `config` files for profile `default`. */
export async function cliWorkspace(label: string): Promise<CliWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), `awsmon-cli-${label}-`));
  await writeFile(join(dir, 'credentials'), `[default]\naws_access_key_id = ${MOTO_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${MOTO_CREDENTIALS.secretAccessKey}\n`);
  await writeFile(join(dir, 'config'), '[default]\nregion = us-east-1\n');
  return {
    dir,
    env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
