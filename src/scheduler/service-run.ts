/**
 * What the service runners (CloudWatch Logs, Inspector) share: their context, the regions they
 * read, the start of their first read, and how a failure is tallied.
 */
import { AwsmonError, errorCode, errorMessage } from '../core/index.ts';
import type { Logger } from '../core/index.ts';
import { AWS_REGIONS } from '../config/index.ts';
import type { ServiceConfig } from '../config/index.ts';
import type { EventStore } from '../store/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import { callerAccount, profileRegion } from '../sources/index.ts';
import { emptyStats } from './stats.ts';
import type { RunStats } from './stats.ts';

/** Everything a service run needs, passed down explicitly. */
export interface ServiceRunContext {
  service: ServiceConfig;
  store: EventStore;
  pipeline: Pipeline;
  logger: Logger;
  skipOnError: boolean;
  /** Read again from only_logs_after (or today), replacing what was stored for each stream or region. */
  reparse: boolean;
  /** `YYYY-MM-DD` (UTC) of the run. */
  today: string;
  now: () => Date;
  signal?: AbortSignal | undefined;
  /** Attempts per AWS request (default: the profile's, else 10). */
  maxAttempts?: number | undefined;
}

/**
 * The regions to read: the configured ones, else the profile's region, else every commercial
 * region (Wazuh: all regions for CloudWatch Logs, the Inspector v2 regions for Inspector; GovCloud
 * and China need their own credentials, so they are read only when configured).
 */
export async function serviceRegions(service: ServiceConfig): Promise<{ regions: readonly string[]; every: boolean }> {
  if (service.regions !== undefined) return { regions: service.regions, every: false };
  const fromProfile = await profileRegion(service);
  if (fromProfile !== undefined) return { regions: [fromProfile], every: false };
  return { regions: AWS_REGIONS.filter((r) => !r.startsWith('us-gov-') && !r.startsWith('cn-')), every: true };
}

/**
 * Whether a region that refuses the credentials is skipped with a warning: only when every
 * region is read by default, since opt-in regions not enabled in the account refuse them.
 */
export function skipRefusedRegion(ctx: ServiceRunContext, every: boolean, region: string, err: unknown): boolean {
  const code = errorCode(err);
  if (!every || (code !== 'SOURCE_CREDENTIALS' && code !== 'SOURCE_ACCESS_DENIED')) return false;
  ctx.logger.warn({ region, code }, `region '${region}' refused the credentials and is skipped (set <regions> to read only the regions you use): ${errorMessage(err)}`);
  return true;
}

/** Epoch milliseconds of the first read: only_logs_after, else today 00:00 UTC (Wazuh's default). */
export function startOfReading(service: ServiceConfig, today: string): number {
  return Date.parse(`${service.onlyLogsAfter ?? today}T00:00:00Z`);
}

/**
 * Tallies a failure; returns the error that must stop the service run (skip_on_error is no), or
 * undefined to go on.
 */
export function recordFailure(ctx: ServiceRunContext, stats: RunStats, err: unknown, what: string): AwsmonError | undefined {
  const message = errorMessage(err);
  stats.errors += 1;
  stats.failures.push(`${errorCode(err) ?? 'ERROR'}: ${message}`);
  ctx.logger.error({ code: errorCode(err) }, message);
  if (ctx.skipOnError) return undefined;
  return new AwsmonError('RUN_ABORTED', `service '${ctx.service.type}': stopped at ${what} (skip_on_error is no): ${message}`, { cause: err });
}

/**
 * What reading one region gave: `'stopped'` (SIGTERM: the run ends, what was committed stays), an
 * error that must stop the run, or undefined to go on with the next region.
 */
export type RegionOutcome = 'stopped' | AwsmonError | undefined;

/**
 * Runs a service over its regions, each with the caller's account there: stops on SIGTERM, skips
 * a region that refuses the credentials when every region is read by default, tallies the other
 * failures, and throws RUN_ABORTED (with the run's `stats`) when one must stop the run.
 */
export async function runRegions(ctx: ServiceRunContext, read: (region: string, accountId: string, stats: RunStats) => Promise<RegionOutcome>): Promise<RunStats> {
  const stats = emptyStats();
  const { regions, every } = await serviceRegions(ctx.service);
  for (const region of regions) {
    if (ctx.signal?.aborted) break;
    let outcome: RegionOutcome;
    let accountId: string | undefined;
    try {
      accountId = await callerAccount(ctx.service, region, ctx.logger);
    } catch (err) {
      if (skipRefusedRegion(ctx, every, region, err)) continue;
      outcome = recordFailure(ctx, stats, err, `region '${region}'`);
    }
    if (accountId !== undefined) outcome = await read(region, accountId, stats);
    if (outcome === 'stopped') break;
    if (outcome !== undefined) throw Object.assign(outcome, { stats });
  }
  return stats;
}
