/** Building the engine's view of an event from a Wazuh message. */
import { detach } from '../core/index.ts';
import { pythonJsonDumps } from '../events/index.ts';
import type { EngineInput } from './types.ts';

/** The `aws` keys that hold an event's own time, in the order they are tried. */
const TIME_KEYS = ['eventTime', 'start', 'updatedAt', 'createdAt'] as const;

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
    for (let i = 0; i < TIME_KEYS.length; i++) {
      const v = a[TIME_KEYS[i]!];
      if (v === undefined) continue;
      const t = parseTime(v);
      if (t !== undefined) return t;
    }
  }
  return parseTime(m['time']);
}

function parseTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v; // OCSF time is epoch ms; seconds accepted
  if (typeof v === 'string' && v !== '') {
    const fast = isoUtc(v);
    if (fast !== undefined) return fast;
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
    if (/^\d+$/.test(v)) return parseTime(Number(v));
  }
  return undefined;
}

/**
 * `2024-01-01T00:00:00Z` or `2024-01-01T00:00:00.123Z` (the forms AWS writes) read digit by digit:
 * every event's time is parsed, and this allocates nothing. Other forms return undefined.
 */
function isoUtc(v: string): number | undefined {
  const n = v.length;
  if ((n !== 20 && (n < 22 || v.charCodeAt(19) !== 46)) || v.charCodeAt(n - 1) !== 90 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return undefined;
  let ms = 0;
  if (n > 20) {
    const digits = Math.min(n - 21, 3);
    ms = digitsAt(v, 20, digits) * (digits === 1 ? 100 : digits === 2 ? 10 : 1);
    if (Number.isNaN(digitsAt(v, 20, n - 21))) return undefined;
  }
  const mo = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const h = digitsAt(v, 11, 2);
  const mi = digitsAt(v, 14, 2);
  const s = digitsAt(v, 17, 2);
  if (!(mo >= 1 && mo <= 12 && day >= 1 && day <= 31 && h <= 23 && mi <= 59 && s <= 59)) return undefined;
  const year = digitsAt(v, 0, 4);
  // Date.UTC reads years 0-99 as 1900-1999; leave those to it.
  if (!(year >= 100)) {
    const t = Date.UTC(year, mo - 1, day, h, mi, s, ms);
    return Number.isNaN(t) ? undefined : t;
  }
  return daysFromCivil(year, mo, day) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil), linear
 * in `day` so that day 31 of a 30-day month rolls over exactly as Date.UTC does; cheaper than
 * Date.UTC, which every event's time went through.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function digitsAt(v: string, i: number, len: number): number {
  let x = 0;
  for (let k = i; k < i + len; k++) {
    const c = v.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    x = x * 10 + c;
  }
  return x;
}

/**
 * The engine input of a message: `fullLog` is the text Wazuh's module sends (Python's
 * `json.dumps(message)`) unless the caller has the original line, made on first use; `time` is
 * given, or the event's own time, or now.
 */
export function createEngineInput(message: unknown, time?: number, text?: string, source?: MessageSource): EngineInput {
  return new MessageInput(message, time ?? eventTimeOf(message) ?? Date.now(), text, source);
}

/**
 * Where a message can be built again from: the record's original text (a flow line, a CloudTrail
 * record's JSON) and the function that builds the same message from it.
 */
export interface MessageSource {
  readonly raw: string;
  readonly rebuild: (raw: string) => unknown;
}

// A class rather than a closure per event: the per-event path allocates one small object.
class MessageInput implements EngineInput {
  readonly message: unknown;
  readonly time: number;
  #log: string | undefined;
  readonly #source: MessageSource | undefined;
  /** What compact() gave: every correlation rule recording this event keeps the same one. */
  #kept: EngineInput | undefined;

  constructor(message: unknown, time: number, log: string | undefined, source: MessageSource | undefined) {
    this.message = message;
    this.time = time;
    this.#log = log;
    this.#source = source;
  }

  fullLog(): string {
    return (this.#log ??= pythonJsonDumps(this.message));
  }

  compact(): EngineInput {
    if (this.#kept !== undefined) return this.#kept;
    if (this.#source !== undefined) return (this.#kept = new KeptInput(this.time, detach(this.#source.raw), this.#source.rebuild));
    return this.#log === undefined ? this : (this.#kept = new KeptInput(this.time, this.#log));
  }
}

/**
 * What correlation keeps of an input for `previous_output`: the text its message is built again
 * from (with `rebuild`), or its full log alone (without; the message is then null).
 */
class KeptInput implements EngineInput {
  readonly time: number;
  readonly #text: string;
  readonly #rebuild: ((raw: string) => unknown) | undefined;

  constructor(time: number, text: string, rebuild?: (raw: string) => unknown) {
    this.time = time;
    this.#text = text;
    this.#rebuild = rebuild;
  }

  get message(): unknown {
    return this.#rebuild === undefined ? null : this.#rebuild(this.#text);
  }

  fullLog(): string {
    return this.#rebuild === undefined ? this.#text : pythonJsonDumps(this.message);
  }
}
