import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atlasNames, createGeoLocator, isPublicIp } from './geo.ts';

test('reserved, private and documentation addresses are not public', () => {
  const verdicts = ['10.0.1.10', '172.16.5.4', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '192.0.2.50', '198.51.100.77', '203.0.113.200', '224.0.0.1', '::1', 'fe80::1', '2001:db8::1', 'fd00::1', 'not-an-ip', '81.2.69.160', '2a00:1450:4001::1']
    .map((ip) => [ip, isPublicIp(ip)]);
  assert.deepEqual(verdicts.filter(([, pub]) => pub).map(([ip]) => ip), ['81.2.69.160', '2a00:1450:4001::1']);
});

test('every world-atlas country with an ISO code gets one (only Northern Cyprus and Somaliland have none)', () => {
  const names = atlasNames();
  assert.equal(names.get('US'), 'United States of America');
  assert.equal(names.get('GB'), 'United Kingdom');
  assert.equal(names.get('CD'), 'Dem. Rep. Congo');
  // Withdrawn codes that ICU still names (DD "Germany", UK) never take a country's place.
  assert.equal(names.get('DE'), 'Germany');
  assert.equal(names.get('DD'), undefined);
  assert.equal(names.size, 177 - 2);
});

test('locate groups the top source IPs by country and counts reserved ones as unlocated', () => {
  const geo = createGeoLocator();
  const result = geo.locate({ kind: 'terms', field: 'srcIp', buckets: [{ key: '81.2.69.160', value: 5 }, { key: '10.0.0.1', value: 4 }, { key: '2.125.160.216', value: 3 }, { key: '198.51.100.77', value: 2 }], other: 7 });
  assert.deepEqual(result, {
    countries: [{ code: 'GB', name: 'United Kingdom', value: 8 }],
    ips: [{ ip: '81.2.69.160', code: 'GB', value: 5 }, { ip: '10.0.0.1', code: null, value: 4 }, { ip: '2.125.160.216', code: 'GB', value: 3 }, { ip: '198.51.100.77', code: null, value: 2 }],
    unlocated: 13,
  });
});
