// The test command: starts the servers the tests need (moto), runs every test file with node's
// test runner, and stops the servers. Under CI=true a server that cannot start fails the run.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web.mjs';
import { startMoto } from './moto.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (/\.test\.ts$/.test(name)) out.push(relative(ROOT, p));
  }
  return out;
}

const files = args.length > 0 ? args : [...findTests(join(ROOT, 'src')), ...findTests(join(ROOT, 'web', 'src')), ...findTests(join(ROOT, 'test'))].sort();
// The end-to-end tests drive the built dashboard: build it first when it is missing or stale.
if (files.some((f) => f.replace(/\\/g, '/').includes('test/e2e/'))) {
  try {
    buildWeb();
  } catch (err) {
    process.stderr.write(`[test] ${err.message}\n`);
    process.exit(1);
  }
}
const env = { ...process.env };
let moto;
try {
  moto = await startMoto();
  env.AWSMON_TEST_MOTO_ENDPOINT = moto.endpoint;
  process.stderr.write(`[test] moto server at ${moto.endpoint}\n`);
} catch (err) {
  if (process.env.CI === 'true') {
    process.stderr.write(`[test] moto could not start and CI=true: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`[test] moto could not start, tests that need it will skip: ${err.message}\n`);
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { cwd: ROOT, env, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
if (moto) await moto.stop();
process.exit(code);
