/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The end-to-end harness: a real `awsmon start` on the demo data (free port, temporary data
 * folder, an API token), headless Chromium through playwright-core, and screenshots into
 * test-artifacts/. Chromium missing: a failure under CI=true, otherwise the tests skip saying so.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AWSMON_BIN } from '../helpers/cli.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
export const TOKEN = 'e2e-token-0123456789abcdef';

/** Why the e2e tests cannot run here (undefined: they can). Under CI=true a missing browser throws. */
export function skipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires the end-to-end tests`);
  return `${why}: end-to-end tests skipped`;
}

/** A running `awsmon start` on the demo data, collected. */
export interface Daemon { url: string; child: ChildProcess; stderr(): string; stop(): Promise<void> }

/** Starts awsmon with a token on a free port and waits until both demo blocks are collected. */
export async function startDaemon(): Promise<Daemon> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-e2e-'));
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const child = spawn(process.execPath, [AWSMON_BIN, 'start', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'), '--api-token-file', tokenFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdout.on('data', () => undefined);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + 180_000;
  // Both demo blocks (CloudTrail and VPC) report one run each when the first collection ends.
  while (!(/dashboard at (http:\/\/\S+)/.test(stderr) && (stderr.match(/"msg":"block #\d+: \d+ objects/g) ?? []).length >= 2)) {
    if (child.exitCode !== null) throw new Error(`awsmon exited early: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`awsmon did not finish collecting the demo in time: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const url = /dashboard at (http:\/\/\S+)/.exec(stderr)![1]!;
  return {
    url, child, stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Problems seen in pages: CSP violations, console errors, uncaught exceptions, dialogs. */
export const problems: string[] = [];

/** A laptop-sized page that records problems; `signedIn` signs in through /api/login first. */
export async function openPage(browser: Browser, base: string, signedIn = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: base });
  if (signedIn) {
    const res = await context.request.post('/api/login', { data: { token: TOKEN } });
    if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
  }
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog opened: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  return { context, page };
}

/** Waits until no panel of the view is loading. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll<HTMLElement>('[data-panel]')];
    return panels.length > 0 && panels.every((p) => p.dataset.state !== 'loading') && document.querySelector('.spinner') === null;
  }, undefined, { timeout: 30_000 });
  // Let the charts draw their first frame.
  await page.waitForTimeout(400);
}

/** Saves a full-page screenshot as test-artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The URL's query parameters. */
export function params(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}
