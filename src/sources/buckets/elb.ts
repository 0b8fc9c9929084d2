/**
 * Load balancer access logs: ALB, CLB and NLB all deliver to
 * `AWSLogs/<acct>/elasticloadbalancing/<region>/YYYY/MM/DD/`, told apart by the file name:
 * `<acct>_elasticloadbalancing_<region>_app.<lb>…` (ALB), `conn_log.<acct>_…_app.<lb>…` (ALB
 * connection logs), `…_net.<lb>…` (NLB), `…_<lb-name>_<end-time>_…` (CLB, whose names have no
 * dots). A bucket of one type reads only its own files, so several types can share a bucket
 * (the Wazuh module parses every file in the folder with its type's field list).
 */
import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import { ALB_ACCESS, ALB_CONNECTION, CLB_ACCESS, NLB_ACCESS, parseElbLog } from '../../formats/index.ts';
import type { ElbLogFormat } from '../../formats/index.ts';
import { createElbEventBuilder } from '../../events/index.ts';
import type { ElbSource } from '../../events/index.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

const LOG_FILE = String.raw`\d{12}_elasticloadbalancing_[a-z0-9-]+_`;
const SUFFIX = String.raw`[^/]*\.log(\.gz)?$`;
const ALB_FILE = new RegExp(String.raw`/${LOG_FILE}app\.${SUFFIX}`);
const ALB_CONNECTION_FILE = new RegExp(String.raw`/conn_log\.${LOG_FILE}app\.${SUFFIX}`);
const NLB_FILE = new RegExp(String.raw`/${LOG_FILE}net\.${SUFFIX}`);
const CLB_FILE = new RegExp(String.raw`/${LOG_FILE}[A-Za-z0-9-]+_\d{8}T\d{4}Z_${SUFFIX}`);

function handler(source: ElbSource, formatOf: (key: string) => { format: ElbLogFormat; connection: boolean } | undefined): AwsLogsTypeHandler {
  async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
    const kind = formatOf(ctx.key);
    if (kind === undefined) return;
    const build = createElbEventBuilder(source, kind.format, ctx, { connection: kind.connection, discard: ctx.discard });
    for await (const { rows } of parseElbLog(text, { bucket: ctx.bucket, key: ctx.key }, kind.format)) {
      const batch: EventBatch = [];
      for (const row of rows) {
        const event = build(row);
        if (event !== undefined) batch.push(event);
      }
      if (batch.length > 0) yield batch;
    }
  }
  return { serviceFolder: 'elasticloadbalancing', ignoresOrganization: true, accepts: (key) => formatOf(key) !== undefined, parse };
}

/** ALB access logs and connection logs. */
export const albHandler: AwsLogsTypeHandler = handler('alb', (key) => {
  if (ALB_FILE.test(key)) return { format: ALB_ACCESS, connection: false };
  if (ALB_CONNECTION_FILE.test(key)) return { format: ALB_CONNECTION, connection: true };
  return undefined;
});

/** CLB access logs (plain text, `.log`). */
export const clbHandler: AwsLogsTypeHandler = handler('clb', (key) => (CLB_FILE.test(key) ? { format: CLB_ACCESS, connection: false } : undefined));

/** NLB access logs (TLS listeners only). */
export const nlbHandler: AwsLogsTypeHandler = handler('nlb', (key) => (NLB_FILE.test(key) ? { format: NLB_ACCESS, connection: false } : undefined));
