import type { AwsmonEvent, EventColumns, LogInfo, RawFormat, WazuhMessage } from '../core/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';

/** Builds the event of one flow row (and the line it was split from, if at hand); made once per object, called per row. */
export type VpcFlowEventBuilder = (values: string[], line?: string) => AwsmonEvent;

/** What every row of one builder shares. */
interface Shared {
  readonly fields: readonly string[];
  readonly info: LogInfo;
  readonly iStart: number;
  readonly iEnd: number;
  readonly accountId: string | undefined;
  readonly enrichment: readonly (readonly [string, string])[];
  readonly times: IsoCache;
  readonly format: RawFormat;
}

/**
 * One flow row's event. The message is built on first access: the store keeps the line (not the
 * JSON), so a pipeline whose stages read only the columns never builds it.
 */
class VpcFlowEvent implements AwsmonEvent {
  readonly columns: EventColumns;
  readonly raw: string;
  readonly #values: string[];
  readonly #shared: Shared;
  #message: WazuhMessage | undefined;

  constructor(shared: Shared, values: string[], line: string | undefined, columns: EventColumns) {
    this.#shared = shared;
    this.#values = values;
    this.columns = columns;
    // The parser splits lines on single spaces, so the join is the original line.
    this.raw = line ?? values.join(' ');
  }

  get rawFormat(): RawFormat {
    return this.#shared.format;
  }

  get message(): WazuhMessage {
    return (this.#message ??= buildMessage(this.#shared, this.#values));
  }
}

function buildMessage(sh: Shared, values: string[]): WazuhMessage {
  const aws: Record<string, unknown> = { log_info: sh.info };
  const fields = sh.fields;
  for (let i = 0; i < fields.length; i++) aws[fields[i]!] = values[i];
  if (sh.iStart >= 0) aws['start'] = sh.times.iso(values[sh.iStart]!);
  if (sh.iEnd >= 0) aws['end'] = sh.times.iso(values[sh.iEnd]!);
  aws['source'] = 'vpc';
  if (sh.accountId !== undefined) aws['aws_account_id'] = sh.accountId;
  for (const [k, v] of sh.enrichment) aws[k] = v;
  return { integration: 'aws', aws };
}

/**
 * Precomputes what every row of one flow log object shares (column indexes, `log_info`,
 * enrichment) and returns the per-row builder. The message is Wazuh's (vpcflow.py): the header's
 * fields in order with their values as strings, `start`/`end` as `YYYY-MM-DDTHH:MM:SSZ` UTC, then
 * `source: "vpc"` and `aws_account_id`; awsmon appends `flow_log_id` and the flow log resource.
 */
export function createVpcFlowEventBuilder(fields: readonly string[], ctx: EventContext): VpcFlowEventBuilder {
  const info: LogInfo = Object.freeze(logInfo(ctx));
  const at = (name: string): number => fields.indexOf(name);
  const [iStart, iEnd, iSrc, iDst, iSport, iDport, iProto] = ['start', 'end', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol'].map(at) as [number, number, number, number, number, number, number];
  const [iAction, iBytes, iPackets, iAccount, iRegion] = ['action', 'bytes', 'packets', 'account_id', 'region'].map(at) as [number, number, number, number, number];
  const accountId = ctx.accountId;
  // Enrichment never replaces a field the file itself holds.
  const extras: [string, string][] = [];
  if (ctx.flowLogId !== undefined) extras.push(['flow_log_id', ctx.flowLogId]);
  for (const [k, v] of Object.entries(ctx.flowLogResource ?? {})) extras.push([k, v]);
  const enrichment = extras.filter(([k]) => !fields.includes(k) && k !== 'source' && k !== 'aws_account_id' && k !== 'log_info');
  const frozenFields = Object.freeze([...fields]);
  const context: { accountId?: string; flowLogId?: string; flowLogResource?: Record<string, string> } = {};
  if (accountId !== undefined) context.accountId = accountId;
  if (ctx.flowLogId !== undefined && enrichment.some(([k]) => k === 'flow_log_id')) context.flowLogId = ctx.flowLogId;
  const resource = enrichment.filter(([k]) => k !== 'flow_log_id');
  if (resource.length > 0) context.flowLogResource = Object.fromEntries(resource);
  const shared: Shared = {
    fields: frozenFields, info, iStart, iEnd, accountId, enrichment, times: new IsoCache(),
    format: Object.freeze({ kind: 'vpcflow', fields: frozenFields, info, context: Object.freeze(context) }),
  };
  const base = { bucket: ctx.bucket, key: ctx.key, region: ctx.region, account: accountId };

  return (values, line) => {
    const start = iStart >= 0 ? values[iStart]! : '-';
    const startSeconds = +start;
    return new VpcFlowEvent(shared, values, line, {
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
    });
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
 * The rows of one file share a few thousand distinct times at most, so conversions are
 * remembered (bounded). A value that is not an integer (`-`) is kept as it is.
 */
class IsoCache {
  readonly #seen = new Map<string, string>();
  iso(raw: string): string {
    let iso = this.#seen.get(raw);
    if (iso !== undefined) return iso;
    const seconds = +raw;
    iso = raw !== '' && Number.isInteger(seconds) && Math.abs(seconds) < 8.64e12 ? `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z` : raw;
    if (this.#seen.size >= 65_536) this.#seen.clear();
    this.#seen.set(raw, iso);
    return iso;
  }
}
