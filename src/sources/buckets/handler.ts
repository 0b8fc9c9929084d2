import type { Readable } from 'node:stream';
import type { EventBatch, ObjectSource } from '../../core/index.ts';
import type { BucketConfig, DiscardRegex } from '../../config/index.ts';
import type { EventStore } from '../../store/index.ts';
import type { AwsLogsScope, ListOptions, ObjectWork } from './aws-logs.ts';
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

/**
 * How a bucket type's keys are laid out: which scopes it has, how a scope is listed from its
 * state, and how the scope's state is kept bounded. Types without one use the
 * `AWSLogs/<acct>/<service>/<region>/YYYY/MM/DD/` layout of `aws-logs.ts`.
 */
export interface BucketLayout {
  discover(source: ObjectSource, bucket: BucketConfig, handler: AwsLogsTypeHandler): Promise<AwsLogsScope[]>;
  list(source: ObjectSource, store: EventStore, scope: AwsLogsScope, bucket: BucketConfig, handler: AwsLogsTypeHandler, options: ListOptions): AsyncIterable<ObjectWork>;
  prune(store: EventStore, scope: AwsLogsScope, today: string): Promise<void>;
}

/** The per-type part of a bucket: which folder, which keys, which parser. */
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
  /** The key layout when it is not the `AWSLogs/` one (Firehose prefixes, server access logs, Cisco Umbrella). */
  readonly layout?: BucketLayout;
  /** Decoded text in, event batches out. Errors are FormatErrors naming key and record. */
  parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch>;
}
