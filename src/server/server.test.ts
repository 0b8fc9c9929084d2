import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fixture, T0 } from '../store/search.fixture.ts';
import { createServer, CSP, listen } from './index.ts';

async function withServer(options: { token?: string; webRoot?: string }, fn: (app: FastifyInstance) => Promise<void>): Promise<void> {
  const { store, search } = await fixture();
  const app = await createServer({ search, countEvents: () => store.countEvents(), version: '9.9.9', ...options });
  try {
    await fn(app);
  } finally {
    await app.close();
    await store.close();
  }
}

test('GET /api/events: repeated parameters OR, ISO and relative times, pages with a cursor', async () => {
  await withServer({}, async (app) => {
    const res = await app.inject({ url: '/api/events?source=vpc&action=REJECT&limit=2&order=asc' });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ items: { id: number; srcPort: number }[]; next: string }>();
    assert.deepEqual(body.items.map((e) => [e.id, e.srcPort]), [[2, 1001], [4, 1003]]);
    const next = await app.inject({ url: `/api/events?source=vpc&action=REJECT&limit=2&order=asc&cursor=${body.next}` });
    assert.deepEqual(next.json<{ items: { id: number }[] }>().items.map((e) => e.id), [6, 8]);
    const ranged = await app.inject({ url: `/api/events?from=${new Date(T0 + 2000).toISOString()}&to=${T0 + 4000}&ip=10.0.0.2&ip=10.0.0.3` });
    assert.deepEqual(ranged.json<{ items: { id: number }[] }>().items.map((e) => e.id), [4, 3]);
    const none = await app.inject({ url: '/api/events?from=now-1h' });
    assert.deepEqual(none.json(), { items: [], next: null });
  });
});

test('errors come in one shape: bad time, unknown parameter, bad cursor, unknown id, unknown route', async () => {
  await withServer({}, async (app) => {
    const cases: [string, number, string, RegExp][] = [
      ['/api/events?from=yesterday', 400, 'API_BAD_REQUEST', /'from' is not a time: 'yesterday'/],
      ['/api/events?from=now&to=now-1h', 400, 'API_BAD_REQUEST', /'to' .* must be after 'from'/],
      ['/api/events?sourze=vpc', 400, 'API_BAD_REQUEST', /must NOT have additional properties/],
      ['/api/events?port=70000', 400, 'API_BAD_REQUEST', /must be <= 65535/],
      ['/api/events?cursor=abc', 400, 'STORE_BAD_QUERY', /cursor/],
      ['/api/events/999', 404, 'API_NOT_FOUND', /no event 999/],
      ['/api/aggregate/events?kind=terms', 400, 'API_BAD_REQUEST', /'field' is required/],
      ['/api/aggregate/things?kind=stats', 400, 'API_BAD_REQUEST', /must be equal to one of the allowed values/],
      ['/api/nothing', 404, 'API_NOT_FOUND', /no route GET \/api\/nothing/],
    ];
    for (const [url, status, code, message] of cases) {
      const res = await app.inject({ url });
      const body = res.json<{ statusCode: number; code: string; error: string; message: string }>();
      assert.equal(res.statusCode, status, url);
      assert.deepEqual(Object.keys(body), ['statusCode', 'code', 'error', 'message'], url);
      assert.equal(body.code, code, url);
      assert.match(body.message, message, url);
    }
  });
});

test('aggregations, one event with its alerts, one alert, status, OpenAPI', async () => {
  await withServer({}, async (app) => {
    const terms = await app.inject({ url: '/api/aggregate/events?kind=terms&field=dstPort&size=3' });
    assert.deepEqual(terms.json(), { kind: 'terms', field: 'dstPort', buckets: [{ key: '443', value: 10 }], other: 0 });
    const hist = await app.inject({ url: `/api/aggregate/alerts?kind=histogram&interval=5000&from=${T0}&to=${T0 + 10000}&split=source` });
    assert.deepEqual(hist.json(), { kind: 'histogram', interval: 5000, times: [T0, T0 + 5000], series: [{ name: 'cloudtrail', values: [3, 0] }, { name: 'vpc', values: [1, 1] }] });
    const event = await app.inject({ url: '/api/events/13' });
    const got = event.json<{ event: { eventName: string }; message: { aws: { eventName: string } }; alerts: { ruleId: string; seq: number }[] }>();
    assert.equal(got.message.aws.eventName, 'CreateVpc');
    assert.deepEqual(got.alerts.map((a) => a.ruleId), ['80250', '80700']);
    const alert = await app.inject({ url: `/api/alerts/${got.alerts[0]!.seq}` });
    assert.equal(alert.json<{ json: { rule: { id: string } } }>().json.rule.id, '80250');
    assert.deepEqual((await app.inject({ url: '/api/alerts?afterSeq=4' })).json<{ items: { seq: number }[] }>().items.map((a) => a.seq), [5]);
    // Tactic names hold spaces: a repeated, encoded parameter; terms by tactic.
    assert.deepEqual((await app.inject({ url: '/api/alerts?tactic=Persistence&tactic=Discovery' })).json<{ items: { ruleId: string; tactics: string[] }[] }>().items.map((a) => [a.ruleId, a.tactics]),
      [['80600', ['Discovery']], ['80700', ['Defense Evasion', 'Persistence']]]);
    assert.deepEqual((await app.inject({ url: '/api/aggregate/alerts?kind=terms&field=tactic&size=1' })).json(), { kind: 'terms', field: 'tactic', buckets: [{ key: 'Defense Evasion', value: 2 }], other: 3 });
    assert.deepEqual((await app.inject({ url: '/api/status' })).json(), { version: '9.9.9', events: 13, lastAlertSeq: 5 });
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, { get: { parameters: { name: string }[] } }> }>();
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths), ['/api/events', '/api/events/{id}', '/api/alerts', '/api/alerts/{seq}', '/api/aggregate/{target}', '/api/geo/{target}', '/api/status']);
    assert.ok(doc.paths['/api/events']!.get.parameters.some((p) => p.name === 'mitre'));
  });
});

test('GET /api/geo/:target: the top source IPs with their countries; reserved addresses are unlocated', async () => {
  await withServer({}, async (app) => {
    // The fixture's addresses are all private or documentation ones: none is located.
    assert.deepEqual((await app.inject({ url: '/api/geo/events?size=3' })).json(), {
      countries: [], ips: [{ ip: '10.0.0.1', code: null, value: 2 }, { ip: '10.0.0.0', code: null, value: 1 }, { ip: '10.0.0.2', code: null, value: 1 }], unlocated: 13,
    });
    assert.deepEqual((await app.inject({ url: '/api/geo/alerts?metric=bytes' })).json<{ unlocated: number }>().unlocated, 1200);
    assert.equal((await app.inject({ url: '/api/geo/nope' })).json<{ code: string }>().code, 'API_BAD_REQUEST');
  });
});

test('every response carries the CSP and no-sniff headers', async () => {
  await withServer({}, async (app) => {
    for (const url of ['/api/status', '/api/nothing']) {
      const res = await app.inject({ url });
      assert.equal(res.headers['content-security-policy'], CSP);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });
});

test('with a token: 401 without it, Bearer works, sign-in sets a session cookie that works until sign-out', async () => {
  await withServer({ token: 's3cret-token' }, async (app) => {
    assert.equal((await app.inject({ url: '/api/status' })).statusCode, 401);
    assert.equal((await app.inject({ url: '/api/status', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
    assert.equal((await app.inject({ url: '/api/status', headers: { authorization: 'Bearer s3cret-token' } })).statusCode, 200);
    assert.deepEqual((await app.inject({ url: '/api/auth' })).json(), { required: true, signedIn: false });
    assert.equal((await app.inject({ method: 'POST', url: '/api/login', payload: { token: 'nope' } })).statusCode, 401);
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { token: 's3cret-token' } });
    const cookie = String(login.headers['set-cookie']);
    assert.match(cookie, /^awsmon_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    assert.equal((await app.inject({ url: '/api/status', headers: { cookie: session } })).statusCode, 200);
    const body = (await app.inject({ url: '/api/status', headers: { cookie: session } })).body;
    assert.ok(!body.includes('s3cret-token'));
    await app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: session } });
    assert.equal((await app.inject({ url: '/api/status', headers: { cookie: session } })).statusCode, 401);
  });
});

test('listening beyond loopback without a token is refused; loopback gets a free port', async () => {
  await withServer({}, async (app) => {
    await assert.rejects(listen(app, { host: '0.0.0.0', port: 0 }), { code: 'SERVER_INSECURE_BIND' });
    const url = await listen(app, { host: '127.0.0.1', port: 0 });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(`${url}api/status`);
    assert.equal(res.status, 200);
  });
});

test('static files: the dashboard, hashed assets, no path escapes the root', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-web-'));
  try {
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>awsmon</title>');
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    await writeFile(join(tmpdir(), 'awsmon-secret.txt'), 'secret');
    await withServer({ webRoot: dir }, async (app) => {
      const page = await app.inject({ url: '/' });
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(page.body, '<!doctype html><title>awsmon</title>');
      const asset = await app.inject({ url: '/assets/app-1234.js' });
      assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal((await app.inject({ url: '/assets/missing.js' })).statusCode, 404);
      // A view's URL opens the dashboard; an escape attempt gets the page, not the file.
      assert.equal((await app.inject({ url: '/flows?from=now-1h' })).body, page.body);
      assert.equal((await app.inject({ url: '/..%2fawsmon-secret.txt' })).body, page.body);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(join(tmpdir(), 'awsmon-secret.txt'), { force: true });
  }
});
