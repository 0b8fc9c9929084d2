import type { AwsmonEvent, LogInfo, WazuhMessage } from '../core/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';

/** Builds the event of one flow row; made once per object (or batch), called per row. */
export type VpcFlowEventBuilder = (values: string[]) => AwsmonEvent;

/**
 * Precomputes what every row of one flow log object shares (column indexes, `log_info`,
 * enrichment) and returns the per-row builder. The message is Wazuh's (vpcflow.py): the header's
 * fields in order with their values as strings, `start`/`end` as `YYYY-MM-DDTHH:MM:SSZ` UTC, then
 * `source: "vpc"` and `aws_account_id`; awsmon appends `flow_log_id` and the flow log resource.
 */
export function createVpcFlowEventBuilder(fields: readonly string[], ctx: EventContext): VpcFlowEventBuilder {
  const info: LogInfo = Object.freeze(logInfo(ctx));
  const n = fields.length;
  const at = (name: string): number => fields.indexOf(name);
  const [iStart, iEnd, iSrc, iDst, iSport, iDport, iProto] = ['start', 'end', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol'].map(at) as [number, number, number, number, number, number, number];
  const [iAction, iBytes, iPackets, iAccount, iRegion] = ['action', 'bytes', 'packets', 'account_id', 'region'].map(at) as [number, number, number, number, number];
  const accountId = ctx.accountId;
  // Enrichment never replaces a field the file itself holds.
  const extras: [string, string][] = [];
  if (ctx.flowLogId !== undefined) extras.push(['flow_log_id', ctx.flowLogId]);
  for (const [k, v] of Object.entries(ctx.flowLogResource ?? {})) extras.push([k, v]);
  const enrichment = extras.filter(([k]) => !fields.includes(k) && k !== 'source' && k !== 'aws_account_id' && k !== 'log_info');
  const startTime = new IsoCache();
  const endTime = new IsoCache();
  const base = { bucket: ctx.bucket, key: ctx.key, region: ctx.region, account: accountId };

  return (values) => {
    const aws: Record<string, unknown> = { log_info: info };
    for (let i = 0; i < n; i++) aws[fields[i]!] = values[i];
    const start = iStart >= 0 ? values[iStart]! : '-';
    if (iStart >= 0) aws['start'] = startTime.iso(start);
    if (iEnd >= 0) aws['end'] = endTime.iso(values[iEnd]!);
    aws['source'] = 'vpc';
    if (accountId !== undefined) aws['aws_account_id'] = accountId;
    for (let i = 0; i < enrichment.length; i++) aws[enrichment[i]![0]] = enrichment[i]![1];
    const startSeconds = +start;
    return {
      message: { integration: 'aws', aws },
      // The parser splits lines on single spaces, so the join is the original line.
      raw: values.join(' '),
      columns: {
        time: start !== '-' && start !== '' && Number.isFinite(startSeconds) ? startSeconds * 1000 : Date.now(),
        source: 'vpc',
        account: (iAccount >= 0 ? present(values[iAccount]) : undefined) ?? base.account,
        region: (iRegion >= 0 ? present(values[iRegion]) : undefined) ?? base.region,
        bucket: base.bucket,
        key: base.key,
        srcIp: iSrc >= 0 ? present(values[iSrc]) : undefined,
        dstIp: iDst >= 0 ? present(values[iDst]) : undefined,
        srcPort: iSport >= 0 ? num(values[iSport]) : undefined,
        dstPort: iDport >= 0 ? num(values[iDport]) : undefined,
        protocol: iProto >= 0 ? num(values[iProto]) : undefined,
        action: iAction >= 0 ? present(values[iAction]) : undefined,
        eventName: undefined,
        user: undefined,
        bytes: iBytes >= 0 ? num(values[iBytes]) : undefined,
        packets: iPackets >= 0 ? num(values[iPackets]) : undefined,
      },
    };
  };
}

const builders = new WeakMap<readonly string[], { ctx: EventContext; build: VpcFlowEventBuilder }>();

/** The event of one flow row; reuses the builder while `fields` and `ctx` are the same objects. */
export function vpcFlowEvent(fields: readonly string[], values: string[], ctx: EventContext): AwsmonEvent {
  let cached = builders.get(fields);
  if (cached === undefined || cached.ctx !== ctx) {
    cached = { ctx, build: createVpcFlowEventBuilder(fields, ctx) };
    builders.set(fields, cached);
  }
  return cached.build(values);
}

/**
 * The Wazuh message of one stored flow line (the store keeps the line, not the JSON): the same
 * bytes `JSON.stringify` gave when the line was first read with these `fields` and `ctx`.
 */
export function vpcFlowMessageFromLine(fields: readonly string[], line: string, ctx: EventContext): WazuhMessage {
  return vpcFlowEvent(fields, line.split(' '), ctx).message;
}

/** AWS writes `-` for a field that does not apply to the record. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value === '-' || value === '' ? undefined : value;
}

function num(value: string | undefined): number | undefined {
  if (value === undefined || value === '-' || value === '') return undefined;
  const n = +value;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Epoch seconds → `YYYY-MM-DDTHH:MM:SSZ`, as Wazuh's `utcfromtimestamp(int(x)).strftime(...)`.
 * Rows of one file share few distinct times, so the last conversion is remembered. A value that
 * is not an integer (`-`) is kept as it is.
 */
class IsoCache {
  #raw = '';
  #iso = '';
  iso(raw: string): string {
    if (raw === this.#raw) return this.#iso;
    const seconds = +raw;
    const iso = raw !== '' && Number.isInteger(seconds) && Math.abs(seconds) < 8.64e12 ? `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z` : raw;
    this.#raw = raw;
    this.#iso = iso;
    return iso;
  }
}
