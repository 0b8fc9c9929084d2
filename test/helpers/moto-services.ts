/** Services (CloudWatch Logs, Inspector) set up in moto through the real SDK clients. */
import { randomUUID } from 'node:crypto';
import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ServiceConfig, WodleConfig } from '../../src/config/index.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import { motoAuth } from './moto-s3.ts';

/** A service as `parseConfig` would produce it, pointed at moto (STS included). */
export function motoService(endpoint: string, type: ServiceConfig['type'], extra: Partial<ServiceConfig> = {}): ServiceConfig {
  return { kind: 'service', type, awsAccountAlias: '', removeLogStreams: false, ...motoAuth(endpoint), stsEndpoint: endpoint, ...extra };
}

/** A wodle block around services. */
export function serviceBlock(services: ServiceConfig[], skipOnError = true): WodleConfig {
  return { index: 1, disabled: false, interval: 600, runOnStart: true, skipOnError, buckets: [], services, subscribers: [] };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `date` as `<only_logs_after>` writes it (`YYYY-MMM-DD`, UTC). */
export function onlyLogsAfterOf(date: Date): string {
  return `${date.getUTCFullYear()}-${MONTHS[date.getUTCMonth()]}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** A log group name no other test uses. */
export function uniqueLogGroup(label: string): string {
  return `/awsmon/${label}/${randomUUID()}`;
}

/** A CloudWatch Logs client of moto in `region`. */
export function motoLogs(endpoint: string, region: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient(awsClientConfig(motoAuth(endpoint), { service: 'logs', region }));
}

/** Creates the group and its streams. */
export async function createLogGroup(logs: CloudWatchLogsClient, group: string, streams: string[]): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (const stream of streams) await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

/** Puts events (oldest first), 10,000 per call as the API allows. */
export async function putLogEvents(logs: CloudWatchLogsClient, group: string, stream: string, events: { timestamp: number; message: string }[]): Promise<void> {
  for (let at = 0; at < events.length; at += 10_000) {
    const res = await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events.slice(at, at + 10_000) }));
    if (res.rejectedLogEventsInfo) throw new Error(`moto rejected log events: ${JSON.stringify(res.rejectedLogEventsInfo)}`);
  }
}

/**
 * Queues canned Inspector v2 ListFindings answers in moto for `region` (one list per distinct
 * request, answered in order; moto neither filters nor pages them).
 */
export async function queueInspectorFindings(endpoint: string, region: string, results: Record<string, unknown>[][], accountId?: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/static/inspector2/findings-results`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ results, region, ...(accountId === undefined ? {} : { account_id: accountId }) }),
  });
  if (res.status !== 201) throw new Error(`moto did not queue the Inspector findings: HTTP ${res.status} ${await res.text()}`);
}
