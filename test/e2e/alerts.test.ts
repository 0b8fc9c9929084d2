/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The dashboard's alert views against the API server over a small store whose alerts are fixed
 * by the test: alert panels, the alerts table and drawer, new alerts appearing without a reload,
 * and the default range jumping to data older than 7 days.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { WazuhAlert } from '../../src/core/index.ts';
import { createServer, listen } from '../../src/server/index.ts';
import type { EventStore } from '../../src/store/index.ts';
import { flowEvent } from '../../src/store/event-store.contract.ts';
import { fixture, T0 } from '../../src/store/search.fixture.ts';
import { WEB_ROOT } from '../../src/cli/dashboard.ts';
import { launch, openPage, params, problems, screenshot, settled, skipReason } from './harness.ts';

const skip = skipReason();

describe('dashboard alerts', { skip, timeout: 300_000 }, () => {
  let store: EventStore;
  let app: FastifyInstance;
  let url: string;
  let browser: Browser;

  before(async () => {
    const f = await fixture();
    store = f.store;
    app = await createServer({ search: f.search, countEvents: () => f.store.countEvents(), version: 'e2e', webRoot: WEB_ROOT });
    url = await listen(app, { host: '127.0.0.1', port: 0 });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  test('data older than 7 days: the range jumps to it and says so; alert panels, table and drawer show the alerts', async () => {
    const { context, page } = await openPage(browser, url, false);
    await page.goto('/');
    await page.waitForSelector('[data-jumped]');
    // The fixture's newest event is T0 + 9 s: the 7 days ending at the next full hour.
    const to = Math.ceil((T0 + 9001) / 3_600_000) * 3_600_000;
    assert.deepEqual([params(page).get('from'), params(page).get('to')], [new Date(to - 7 * 86_400_000).toISOString(), new Date(to).toISOString()]);
    await settled(page);
    for (const id of ['alert-levels', 'top-ruleId', 'top-mitre', 'alerts-summary']) assert.equal(await page.locator(`[data-panel="${id}"]`).getAttribute('data-state'), 'ready', id);
    assert.deepEqual(await page.locator('[data-terms="Top MITRE ATT&CK techniques"] [data-value]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.value)), ['T1046', 'T1078', 'T1078.004', 'T1098']);
    const summary = await page.locator('[data-panel=alerts-summary] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join('|')));
    assert.deepEqual(summary.sort(), ['80250|rule 80250|5|1', '80253|rule 80253|3|1', '80402|rule 80402|2|1', '80600|rule 80600|10|1', '80700|rule 80700|12|1']);
    await screenshot(page, 'overview-with-alerts');
    await page.click('[data-view=events]');
    await page.click('[role=tab]:has-text("Alerts")');
    await page.waitForFunction(() => document.querySelectorAll('[data-table=alerts] tbody tr').length === 5);
    const levels = await page.locator('[data-table=alerts] tbody tr .level').allTextContents();
    // Newest event first (flow 9 at T0+9 s; CreateVpc at T0+3 s with two alerts, newest stored first; flow 3; ConsoleLogin at T0+1 s).
    assert.deepEqual(levels, ['10', '12', '5', '2', '3']);
    await page.locator('[data-table=alerts] tbody tr').first().getByRole('button', { name: 'details' }).click();
    await page.waitForSelector('[data-json]');
    assert.match((await page.locator('[data-json]').textContent()) ?? '', /"id": "80600"/);
    await screenshot(page, 'events-alerts-drawer');
    await context.close();
  });

  test('a new alert appears without a reload', async () => {
    const { context, page } = await openPage(browser, url, false);
    await page.goto('/?view=events&tab=alerts');
    await page.waitForFunction(() => document.querySelectorAll('[data-table=alerts] tbody tr').length === 5);
    // Let the page learn the newest alert before a new one is stored.
    await page.waitForTimeout(1000);
    const tx = await store.beginObject({ bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' }, { key: 'flows-2' });
    const event = flowEvent(20, 'flows-2', 'flows');
    const alert: WazuhAlert = { timestamp: '2026-11-22T10:00:00.000+0000', rule: { level: 13, description: 'a new alert', id: '80999', groups: ['amazon'], mitre: { id: [] } }, id: '1.80999' };
    event.alerts = [alert];
    await tx.write([event]);
    await tx.commit();
    await page.waitForSelector('[data-new-alerts="1"]', { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-table=alerts] tbody tr').length === 6);
    assert.equal(await page.locator('[data-table=alerts] tbody tr').first().locator('td').nth(2).textContent(), 'a new alert');
    await context.close();
    assert.deepEqual(problems, []);
  });
});
