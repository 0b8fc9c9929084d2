/** A small store for search and API tests: 10 flows and 3 CloudTrail events, 5 alerts. */
import type { AwsmonEvent, WazuhAlert } from '../core/index.ts';
import { createDuckDbSearch, openDuckDbStore } from './index.ts';
import type { EventSearch, EventStore } from './index.ts';
import { flowEvent } from './event-store.contract.ts';

export const T0 = 1717200000_000; // 2024-06-01T00:00:00Z

function trailEvent(n: number, name: string, user: string, ip: string): AwsmonEvent {
  return {
    message: { integration: 'aws', aws: { eventName: name, userIdentity: { userName: user }, sourceIPAddress: ip, source: 'cloudtrail' } },
    columns: { time: T0 + n * 1000, source: 'cloudtrail', account: '444455556666', region: 'eu-west-1', eventName: name, user, srcIp: ip },
  };
}

function alert(rule: string, level: number, groups: string[], mitre: string[], tactic: string[] = []): WazuhAlert {
  return { timestamp: '2026-11-22T10:00:00.000+0000', rule: { level, description: `rule ${rule}`, id: rule, groups, mitre: { id: mitre, tactic } }, id: `1.${rule}` };
}

/** 10 flows (n = 0..9, one per second from T0; even n ACCEPT) in bucket 'flows', 3 CloudTrail events in bucket 'trail'. */
export async function fixture(): Promise<{ store: EventStore; search: EventSearch }> {
  const store = await openDuckDbStore({ path: ':memory:' });
  const scope = { bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' };
  let tx = await store.beginObject(scope, { key: 'flows-1' });
  const flows = Array.from({ length: 10 }, (_, n) => flowEvent(n, 'flows-1', 'flows'));
  flows[3]!.alerts = [alert('80402', 2, ['amazon', 'aws_vpcflow'], [])];
  flows[9]!.alerts = [alert('80600', 10, ['amazon', 'portscan'], ['T1046'], ['Discovery'])];
  await tx.write(flows);
  await tx.commit();
  tx = await store.beginObject({ ...scope, bucketPath: 'trail/' }, { key: 'trail-1' });
  const trail = [trailEvent(1, 'ConsoleLogin', 'alice', '198.51.100.77'), trailEvent(2, 'CreateUser', 'alice', '10.0.0.1'), trailEvent(3, 'CreateVpc', 'bob', '203.0.113.5')];
  trail[0]!.alerts = [alert('80253', 3, ['amazon', 'authentication_success'], ['T1078'], ['Defense Evasion', 'Initial Access'])];
  trail[2]!.alerts = [alert('80250', 5, ['amazon', 'amazon-error'], []), alert('80700', 12, ['amazon'], ['T1078.004', 'T1098'], ['Defense Evasion', 'Persistence'])];
  await tx.write(trail.map((e) => ({ ...e, message: { ...e.message, aws: { ...e.message.aws, log_info: { aws_account_alias: '', log_file: 'trail-1', s3bucket: 'trail' } } } })));
  await tx.commit();
  return { store, search: createDuckDbSearch(store) };
}

