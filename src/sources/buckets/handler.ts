import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import type { DiscardRegex } from '../../config/index.ts';
import type { DateLayout } from './date-layout.ts';

/** What a parser needs to know about the object it reads. */
export interface ObjectContext {
  bucket: string;
  key: string;
  accountAlias: string;
  accountId?: string | undefined;
  region?: string | undefined;
  flowLogId?: string | undefined;
  flowLogResource?: Record<string, string> | undefined;
  discard?: DiscardRegex | undefined;
}

/** The per-type part of an `AWSLogs/` bucket: which folder, which keys, which parser. */
export interface AwsLogsTypeHandler {
  /** The service folder under the account: `CloudTrail`, `vpcflowlogs`. */
  readonly serviceFolder: string;
  /** How the date folders are written (default `YYYY/MM/DD/`). */
  readonly dateLayout?: DateLayout;
  /**
   * The `aws-service=` name when the service can also deliver with Hive-compatible prefixes
   * (`AWSLogs/aws-account-id=<acct>/aws-service=<name>/aws-region=<region>/year=…/month=…/day=…/`);
   * both layouts are then discovered.
   */
  readonly hiveService?: string;
  /** True when the service never writes an organization folder, so `aws_organization_id` is ignored (as the Wazuh module does for load balancers). */
  readonly ignoresOrganization?: boolean;
  /** Whether a listed key is a log object of this type (other files in the folder are skipped). */
  accepts(key: string): boolean;
  /** The flow-log id (or similar sub-scope) named in the key, if the type has one. */
  subScope?(key: string): string | undefined;
  /** Decoded text in, event batches out. Errors are FormatErrors naming key and record. */
  parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch>;
}
