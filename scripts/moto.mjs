// Installs moto (the AWS API emulator, from PyPI) into a local virtualenv and starts it in server
// mode on a free loopback port. Used by the test command and the benchmarks; never by the product.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MOTO_VERSION = '5.2.5';
const VENV = join(ROOT, '.cache', 'moto-venv');
const MOTO_BIN = join(VENV, 'bin', 'moto_server');

/** Creates the virtualenv and installs moto when it is not there yet. */
export function ensureMoto() {
  if (existsSync(MOTO_BIN)) return MOTO_BIN;
  const python = process.env.PYTHON ?? 'python3';
  process.stderr.write(`[moto] installing moto[server]==${MOTO_VERSION} into ${VENV}\n`);
  execFileSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`], { stdio: 'inherit' });
  return MOTO_BIN;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts moto_server and resolves once it answers; returns { endpoint, stop }. */
export async function startMoto() {
  const bin = ensureMoto();
  const port = await freePort();
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d.toString()).slice(-4000); });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`moto_server did not answer on ${endpoint} within 60 s: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}
