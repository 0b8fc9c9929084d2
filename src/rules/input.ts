/** Building the engine's view of an event from a Wazuh message. */
import { pythonJsonDumps } from '../events/index.ts';
import type { EngineInput } from './types.ts';

/**
 * The event's own time in epoch ms: CloudTrail `aws.eventTime`, VPC flow `aws.start`,
 * Inspector/GuardDuty `aws.updatedAt` then `aws.createdAt`, OCSF `time`; undefined when none
 * parses.
 */
export function eventTimeOf(message: unknown): number | undefined {
  if (message === null || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  const aws = m['aws'];
  if (aws !== null && typeof aws === 'object') {
    const a = aws as Record<string, unknown>;
    for (const k of ['eventTime', 'start', 'updatedAt', 'createdAt']) {
      const t = parseTime(a[k]);
      if (t !== undefined) return t;
    }
  }
  return parseTime(m['time']);
}

// `2024-01-01T00:00:00Z` and `2024-01-01T00:00:00.123Z`, the forms AWS writes, read without Date.parse.
const ISO_UTC = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3})\d*)?Z$/;

function parseTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v; // OCSF time is epoch ms; seconds accepted
  if (typeof v === 'string' && v !== '') {
    const m = ISO_UTC.exec(v);
    if (m !== null) {
      const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
      return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
    }
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
    if (/^\d+$/.test(v)) return parseTime(Number(v));
  }
  return undefined;
}

/**
 * The engine input of a message: `fullLog` is the text Wazuh's module sends (Python's
 * `json.dumps(message)`) unless the caller has the original line, made on first use; `time` is
 * given, or the event's own time, or now.
 */
export function createEngineInput(message: unknown, time?: number, text?: string): EngineInput {
  return new MessageInput(message, time ?? eventTimeOf(message) ?? Date.now(), text);
}

// A class rather than a closure per event: the per-event path allocates one small object.
class MessageInput implements EngineInput {
  readonly message: unknown;
  readonly time: number;
  #log: string | undefined;

  constructor(message: unknown, time: number, log: string | undefined) {
    this.message = message;
    this.time = time;
    this.#log = log;
  }

  fullLog(): string {
    return (this.#log ??= pythonJsonDumps(this.message));
  }
}
