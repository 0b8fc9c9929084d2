/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The dashboard in headless Chromium against a real `awsmon start` on the demo data: every view
 * populated, the VPC "find the peak, narrow, pivot on IP" workflow, hostile log content shown as
 * text, shared URLs, and token sign-in. Screenshots go to test-artifacts/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, openPage, params, problems, screenshot, settled, skipReason, startDaemon, TOKEN } from './harness.ts';
import type { Daemon } from './harness.ts';

const skip = skipReason();
if (skip !== undefined) process.stderr.write(`[e2e] ${skip}\n`);

describe('dashboard', { skip, timeout: 600_000 }, () => {
  let daemon: Daemon;
  let browser: Browser;
  /** A GET on the API with the token, for the expected values. */
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, daemon.url), { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  const rows = (page: Page, terms: string): Promise<string[]> =>
    page.locator(`[data-terms="${terms}"] tbody [data-value]`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.value ?? ''));

  before(async () => {
    [daemon, browser] = await Promise.all([startDaemon(), launch()]);
  });
  after(async () => {
    await browser?.close();
    await daemon?.stop();
  });

  test('sign-in: the form is shown, a wrong token is refused, the right one opens the dashboard', async () => {
    const { context, page } = await openPage(browser, daemon.url, false);
    await page.goto('/');
    await page.waitForSelector('form input[name=token]');
    await screenshot(page, 'sign-in');
    const seen = problems.length;
    await page.fill('input[name=token]', 'not-the-token-at-all');
    await page.click('button[type=submit]');
    assert.equal(await page.locator('[role=alert]').textContent(), 'wrong token');
    // The browser logs the refused sign-in's 401; that one is expected.
    assert.deepEqual(problems.splice(seen), ['console error: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    await page.fill('input[name=token]', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-current-view=overview]');
    await settled(page);
    await context.close();
  });

  test('overview: every panel renders with data, the alert panels too', async () => {
    const { context, page } = await openPage(browser, daemon.url);
    await page.goto('/');
    await settled(page);
    const status = await api<{ lastAlertSeq: number }>('/api/status');
    const states = await page.locator('[data-panel]').evaluateAll((els): Record<string, string> => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.panel ?? '', (e as HTMLElement).dataset.state ?? ''])));
    const alertPanels = ['alert-levels', 'top-ruleId', 'top-tactic', 'top-mitre', 'alerts-summary'];
    const expected: Record<string, string> = {};
    for (const id of ['donut-source', 'donut-account', 'donut-bucket', 'donut-region', 'events-by-source', 'events-by-bucket', 'geo-map']) expected[id] = 'ready';
    // The demo's scenarios raise alerts (src/demo/README.md), so every alert panel has data.
    assert.ok(status.lastAlertSeq > 0, 'the demo raised alerts');
    for (const id of alertPanels) expected[id] = 'ready';
    assert.deepEqual(states, expected);
    for (const id of ['donut-source', 'donut-account', 'donut-bucket', 'donut-region', 'events-by-source', 'events-by-bucket', 'geo-map']) {
      assert.equal(await page.locator(`[data-panel="${id}"] canvas`).count() > 0, true, `${id} draws a chart`);
    }
    assert.equal(await page.locator('[data-panel="alert-levels"] canvas').count() > 0, true, 'alert levels draw a chart');
    // The demo's scenarios, as tables: the most frequent rule (the 12 console login failures),
    // the brute-force technique, and the port scan in the summary.
    assert.match(await page.locator('[data-panel="top-ruleId"]').innerText(), /80254/);
    assert.match(await page.locator('[data-panel="top-mitre"]').innerText(), /T1110/);
    assert.match(await page.locator('[data-panel="top-tactic"]').innerText(), /Credential Access/);
    assert.match(await page.locator('[data-panel="alerts-summary"]').innerText(), /80600/);
    // The map's located addresses are the demo's public background clients, with their countries.
    const geo = await api<{ ips: { ip: string; code: string | null }[] }>('/api/geo/events?from=now-7d&size=500');
    const located = geo.ips.filter((i) => i.code !== null).slice(0, 12).map((i) => i.ip);
    assert.ok(located.length > 0);
    assert.deepEqual(await page.locator('[data-panel="geo-map"] [data-ip]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.ip)), located);
    await screenshot(page, 'overview-light');
    await page.click('[data-theme-toggle]');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await settled(page);
    await screenshot(page, 'overview-dark');
    await page.click('[data-theme-toggle]');
    await context.close();
  });

  test('VPC: brushing the peak narrows the view; the top talkers are those of the peak', async () => {
    const { context, page } = await openPage(browser, daemon.url);
    await page.goto('/?view=vpc');
    await settled(page);
    await screenshot(page, 'vpc');
    const before = await rows(page, 'Top sources by bytes');
    const peak = Number(await page.locator('[data-peak]').first().getAttribute('data-peak'));
    assert.ok(Number.isFinite(peak), 'a peak is marked');
    const chart = page.locator('[data-chart="Bytes over time (accepted / rejected)"]');
    const map = JSON.parse((await chart.getAttribute('data-x-map'))!) as { t: [number, number]; px: [number, number] };
    const x = (t: number): number => map.px[0] + ((t - map.t[0]) / (map.t[1] - map.t[0])) * (map.px[1] - map.px[0]);
    const interval = map.t[1] - map.t[0] > 0 ? (await api<{ interval: number }>(`/api/aggregate/events?kind=histogram&source=vpc&metric=bytes&split=action&splitSize=2&buckets=96&from=now-7d`)).interval : 0;
    const box = (await chart.boundingBox())!;
    // Drag across the peak's bucket (bars are drawn at the bucket's middle).
    await page.mouse.move(box.x + x(peak) + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + x(peak + interval) - 1, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(() => new URL(location.href).searchParams.has('from'));
    await settled(page);
    const from = Date.parse(params(page).get('from')!);
    const to = Date.parse(params(page).get('to')!);
    assert.ok(from >= peak && to <= peak + interval && to - from > interval / 2, `brushed ${new Date(from).toISOString()}–${new Date(to).toISOString()} within the peak bucket at ${new Date(peak).toISOString()}`);
    const range = `from=${params(page).get('from')}&to=${params(page).get('to')}`;
    const expected = await api<{ buckets: { key: string }[] }>(`/api/aggregate/events?kind=terms&field=srcIp&source=vpc&metric=bytes&size=10&${range}`);
    const after = await rows(page, 'Top sources by bytes');
    assert.deepEqual(after, expected.buckets.map((b) => b.key));
    assert.notDeepEqual(after, before);
    // The demo's peak: the dev build server sending ~780 MB to 203.0.113.200.
    assert.equal((await rows(page, 'Top pairs by bytes'))[0], '10.1.1.50 → 203.0.113.200');
    assert.equal((await rows(page, 'Top destinations by bytes'))[0], '203.0.113.200');
    await screenshot(page, 'vpc-brushed-peak');
    await context.close();
  });

  test('VPC: clicking an IP shows every event of it, and its CloudTrail events', async () => {
    const { context, page } = await openPage(browser, daemon.url);
    await page.goto('/?view=vpc');
    await settled(page);
    // 10.0.2.30 is the app server: it sends flows and calls S3 with its instance role.
    await page.click('[data-terms="Top destinations by bytes"] [data-value="10.0.2.30"]');
    await page.waitForSelector('[data-current-view=events] [data-table=events] tbody tr');
    assert.deepEqual(params(page).getAll('ip'), ['10.0.2.30']);
    const shown = await page.locator('[data-table=events] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll<HTMLElement>('[data-filter-key=ip]')].map((e) => e.dataset.value)));
    assert.equal(shown.length, 50);
    for (const ips of shown) assert.ok(ips.includes('10.0.2.30'), `row with ${ips.join(', ')}`);
    await screenshot(page, 'events-ip-pivot');
    await page.click('[data-view=cloudtrail]');
    await settled(page);
    const users = await api<{ buckets: { key: string }[] }>('/api/aggregate/events?kind=terms&field=user&source=cloudtrail&ip=10.0.2.30&size=10&from=now-7d');
    assert.deepEqual(await rows(page, 'Top users and roles'), users.buckets.map((b) => b.key));
    assert.deepEqual(await rows(page, 'Top event names'), ['GetObject']);
    await context.close();
  });

  test('CloudTrail: the scenarios are listed; clicking an IP shows its CloudTrail events', async () => {
    const { context, page } = await openPage(browser, daemon.url);
    await page.goto('/?view=cloudtrail');
    await settled(page);
    const scenarios = await page.locator('[data-panel=ct-scenarios] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('strong')?.textContent));
    assert.deepEqual(scenarios, ['VPC creation denied', 'VPC created', 'IAM user created']);
    assert.equal(await page.locator('[data-panel=ct-logins]').getAttribute('data-state'), 'ready');
    assert.equal(await page.locator('[data-panel=ct-denied]').getAttribute('data-state'), 'ready');
    await screenshot(page, 'cloudtrail');
    await page.click('[data-terms="Top source IPs"] [data-value="198.51.100.77"]');
    await page.waitForSelector('[data-table=events] tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-table=events] tbody tr').length === 15);
    const cells = await page.locator('[data-table=events] tbody tr').evaluateAll((trs) => trs.map((tr) => ['source', 'eventName', 'user'].map((k) => tr.querySelector<HTMLElement>(`[data-filter-key=${k}]`)?.dataset.value).join(' ')));
    assert.deepEqual([...new Set(cells)], ['cloudtrail ConsoleLogin bob']);
    await context.close();
  });

  test('hostile log content (mallory\'s user agent and tag) is shown as text and runs nothing', async () => {
    const { context, page } = await openPage(browser, daemon.url);
    await page.goto('/?view=events&user=mallory');
    await page.waitForFunction(() => document.querySelectorAll('[data-table=events] tbody tr').length === 2);
    for (const n of [0, 1]) {
      await page.locator('[data-table=events] tbody tr').nth(n).getByRole('button', { name: 'details' }).click();
      await page.waitForSelector('[data-json]');
      const text = await page.locator('[data-json]').textContent();
      assert.match(text ?? '', /"userAgent": "<script>alert\(1\)<\/script>"/);
      if (n === 1) await screenshot(page, 'events-xss-drawer');
      await page.click('[data-drawer] button[aria-label=close]');
    }
    const tag = await api<{ items: { id: number; eventName: string }[] }>('/api/events?user=mallory&eventName=CreateTags&from=now-7d');
    await page.goto(`/?view=events&user=mallory&open=e${tag.items[0]!.id}`);
    await page.waitForSelector('[data-json]');
    assert.match((await page.locator('[data-json]').textContent()) ?? '', /"><img src=x onerror=alert\(2\)>/);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    assert.equal(await page.locator('img[src=x], script:not([src])').count(), 0);
    await context.close();
  });

  test('a shared URL restores the view, range, filters and open record', async () => {
    const event = (await api<{ items: { id: number }[] }>('/api/events?eventName=CreateVpc&from=now-7d')).items[0]!;
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const to = new Date().toISOString();
    const shared = `/?view=events&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&source=cloudtrail&eventName=CreateVpc&open=e${event.id}`;
    const { context, page } = await openPage(browser, daemon.url);
    await page.goto(shared);
    await page.waitForSelector('[data-json]');
    assert.equal(await page.locator('nav [aria-current=page]').getAttribute('data-view'), 'events');
    const pills = await page.locator('.pill').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.filter}=${(e as HTMLElement).dataset.value}`));
    assert.deepEqual(pills, ['source=cloudtrail', 'eventName=CreateVpc']);
    assert.deepEqual(await page.locator('[data-table=events] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector<HTMLElement>('[data-filter-key=eventName]')?.dataset.value)), ['CreateVpc', 'CreateVpc']);
    assert.equal(await page.locator('[data-drawer]').getAttribute('data-drawer'), `e${event.id}`);
    assert.equal(params(page).get('from'), from);
    await screenshot(page, 'shared-url');
    // Removing a pill updates the URL.
    await page.click('.pill[data-filter=eventName] button');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('eventName'));
    await context.close();
  });

  test('no CSP violation, console error, page error or dialog in any page', () => {
    assert.deepEqual(problems, []);
  });
});
