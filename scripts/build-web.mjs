// Builds the dashboard (web/ → web/dist) when web/dist is missing or older than any source file
// of web/, so `npm start` and `npm test` on a fresh clone serve the current dashboard.
// `--force` builds regardless.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');
const STAMP = join(WEB, 'dist', 'index.html');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) if (name !== 'dist' && name !== 'node_modules') max = Math.max(max, newest(join(path, name)));
  return max;
}

/** Whether web/dist needs building. */
export function webIsStale() {
  return !existsSync(STAMP) || newest(WEB) > statSync(STAMP).mtimeMs;
}

/** Builds web/dist with Vite; throws when the build fails. */
export function buildWeb({ force = false } = {}) {
  if (!force && !webIsStale()) return false;
  process.stderr.write('[build-web] building the dashboard into web/dist\n');
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const res = spawnSync(process.execPath, [vite, 'build', '--config', join(WEB, 'vite.config.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`the dashboard build failed (vite exited with ${res.status ?? res.signal})`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    buildWeb({ force: process.argv.includes('--force') });
  } catch (err) {
    process.stderr.write(`[build-web] ${err.message}\n`);
    process.exit(1);
  }
}
