import { FormatError } from '../../core/index.ts';
import type { EventContext } from '../../events/index.ts';
import type { ObjectContext } from './handler.ts';

/**
 * The event context of an object of a dated layout: the account and region only where the
 * scope names them (they are '' for Firehose prefixes).
 */
export function datedEventContext(ctx: ObjectContext, overrides: { region?: string | undefined } = {}): EventContext {
  const out: EventContext = { bucket: ctx.bucket, key: ctx.key, accountAlias: ctx.accountAlias };
  if (ctx.accountId) out.accountId = ctx.accountId;
  const region = 'region' in overrides ? overrides.region : ctx.region;
  if (region) out.region = region;
  return out;
}

/** A FORMAT_BAD_RECORD error at a record of the object. */
export function badRecord(ctx: ObjectContext, at: { record?: number; line?: number }, reason: string): FormatError {
  return new FormatError('FORMAT_BAD_RECORD', { bucket: ctx.bucket, key: ctx.key, ...at }, reason);
}
