/** Messages built again from records kept as their original text (RawFormat), by the store and by correlation. */
import type { RawFormat, WazuhMessage } from '../core/index.ts';
import { cloudTrailMessageFromText } from './cloudtrail.ts';
import type { EventContext } from './envelope.ts';
import { createVpcFlowEventBuilder } from './vpc-flow.ts';

/**
 * The message of each kept record of one object: a flow line split on its header's `fields`, or a
 * CloudTrail record's JSON text; the same message the event had when it was read with `ctx`.
 */
export function createRawMessageBuilder(kind: RawFormat['kind'], fields: readonly string[], ctx: EventContext): (raw: string) => WazuhMessage {
  if (kind === 'cloudtrail') return (raw) => cloudTrailMessageFromText(raw, ctx);
  const build = createVpcFlowEventBuilder(fields, ctx);
  return (raw) => build(raw.split(' '), raw).message;
}
