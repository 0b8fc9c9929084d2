import type { Readable } from 'node:stream';
import { formatError, maxRecordBytes } from './context.ts';
import type { ParseContext } from './context.ts';
import { compositeEnd, primitiveEnd, skipWhitespace, stringEnd } from './json-scan.ts';
import type { CompositeScan } from './json-scan.ts';
import { textChunks } from './text.ts';

/** Records per batch. */
export const RECORDS_PER_BATCH = 500;

/** What a CloudTrail object holds: events, a digest (integrity hashes, no events) or Insights events. */
export type CloudTrailFileKind = 'events' | 'digest' | 'insight';

/**
 * Classifies a CloudTrail object by its key. Digest files are delivered under
 * `AWSLogs/<account>/CloudTrail-Digest/` and Insights events under `CloudTrail-Insight/`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
 */
export function cloudTrailFileKind(key: string): CloudTrailFileKind {
  if (key.startsWith('CloudTrail-Digest/') || key.includes('/CloudTrail-Digest/')) return 'digest';
  if (key.startsWith('CloudTrail-Insight/') || key.includes('/CloudTrail-Insight/')) return 'insight';
  return 'events';
}

/** Records of a CloudTrail object with the JSON text each was parsed from. */
export interface CloudTrailBatch {
  records: Record<string, unknown>[];
  /** `texts[i]` is the exact JSON text of `records[i]` in the object. */
  texts: string[];
}

/**
 * Streams the records of a CloudTrail object, `{"Records":[...]}` with any other keys around, in
 * batches. Record boundaries are found by scanning the text; each record is parsed by `JSON.parse`.
 * Digest files yield nothing; JSON without `Records` fails with FORMAT_NO_RECORDS.
 */
export async function* parseCloudTrail(text: Readable, ctx: ParseContext): AsyncGenerator<Record<string, unknown>[], void, undefined> {
  for await (const batch of parseCloudTrailWithText(text, ctx)) yield batch.records;
}

/** As `parseCloudTrail`, with each record's original JSON text (the store keeps it instead of re-serialising). */
export async function* parseCloudTrailWithText(text: Readable, ctx: ParseContext): AsyncGenerator<CloudTrailBatch, void, undefined> {
  if (cloudTrailFileKind(ctx.key) === 'digest') {
    text.destroy();
    return;
  }
  yield* parseRecordArray(text, ctx, CLOUDTRAIL_DOCUMENT);
}

/** Which top-level array of a JSON document holds the records, and how to name the document in errors. */
export interface RecordArrayDocument {
  /** `Records` (CloudTrail), `configurationItems` (AWS Config). */
  readonly arrayKey: string;
  /** `a CloudTrail log file`, for the error when the array is missing. */
  readonly what: string;
  /** Top-level keys whose presence means the document legitimately has no array (CloudTrail digests). */
  readonly noRecordsKeys?: ReadonlySet<string>;
}

/** Keys only a CloudTrail digest file has (see the digest file structure documentation above). */
const CLOUDTRAIL_DOCUMENT: RecordArrayDocument = { arrayKey: 'Records', what: 'a CloudTrail log file', noRecordsKeys: new Set(['digestStartTime', 'digestSignatureAlgorithm']) };

/**
 * Streams the elements of the `arrayKey` array of one JSON object document, with their JSON text,
 * in batches; the rest of the document is scanned but not kept. Each element must be an object.
 */
export async function* parseRecordArray(text: Readable, ctx: ParseContext, doc: RecordArrayDocument): AsyncGenerator<CloudTrailBatch, void, undefined> {
  const scanner = new CloudTrailScanner(ctx, doc);
  for await (const chunk of textChunks(text)) {
    scanner.feed(chunk);
    while (scanner.ready.length > 0) yield scanner.ready.shift()!;
  }
  scanner.finish();
  while (scanner.ready.length > 0) yield scanner.ready.shift()!;
}

// Where the scanner is in `{"k": v, "Records": [ {...}, ... ], ...}`.
const START = 0;
const FIRST_KEY = 1; // a key or '}'
const KEY = 2;
const COLON = 3;
const VALUE = 4;
const IN_VALUE = 5; // inside a top-level value other than Records
const AFTER_VALUE = 6; // ',' or '}'
const FIRST_RECORD = 7; // a record or ']'
const RECORD = 8;
const IN_RECORD = 9;
const AFTER_RECORD = 10; // ',' or ']'
const END = 11;


/** Push scanner over the text of one CloudTrail object; parsed records collect in `ready`. */
class CloudTrailScanner {
  readonly ready: CloudTrailBatch[] = [];
  readonly #ctx: ParseContext;
  readonly #limit: number;
  #batch: Record<string, unknown>[] = [];
  #texts: string[] = [];
  #buf = '';
  /** Next unread character of `#buf`. */
  #pos = 0;
  /** Byte offset of `#buf[0]` in the object. */
  #base = 0;
  #phase = START;
  /** Start of the value or record being scanned, -1 when none. */
  #valueStart = -1;
  readonly #scan: CompositeScan = { pos: 0, depth: 0, inString: false };
  #key = '';
  #record = 0;
  #sawRecords = false;
  #sawDigestKey = false;
  readonly #doc: RecordArrayDocument;

  constructor(ctx: ParseContext, doc: RecordArrayDocument) {
    this.#ctx = ctx;
    this.#doc = doc;
    this.#limit = maxRecordBytes(ctx);
  }

  feed(chunk: string): void {
    const keep = this.#valueStart >= 0 ? this.#valueStart : this.#pos;
    if (keep > 0) {
      this.#base += Buffer.byteLength(this.#buf.slice(0, keep));
      this.#buf = this.#buf.slice(keep) + chunk;
      this.#pos -= keep;
      this.#scan.pos -= keep;
      if (this.#valueStart >= 0) this.#valueStart = 0;
    } else {
      this.#buf += chunk;
    }
    this.#run(false);
  }

  finish(): void {
    this.#run(true);
    if (this.#phase !== END) {
      const inside = this.#phase === IN_RECORD || this.#phase === RECORD ? ` inside record ${this.#record}` : '';
      const what = this.#phase === START ? 'the document is empty' : `the document ends early${inside} (truncated?)`;
      throw this.#badJson(what, this.#buf.length);
    }
    if (!this.#sawRecords && !this.#sawDigestKey) {
      throw formatError('FORMAT_NO_RECORDS', this.#ctx, `the JSON document has no "${this.#doc.arrayKey}" array (not ${this.#doc.what})`);
    }
    this.#flush();
  }

  #flush(): void {
    if (this.#batch.length > 0) this.ready.push({ records: this.#batch, texts: this.#texts });
    this.#batch = [];
    this.#texts = [];
  }

  #run(eof: boolean): void {
    const s = this.#buf;
    const n = s.length;
    for (;;) {
      const phase = this.#phase;
      if (phase === IN_RECORD || phase === IN_VALUE) {
        if (!this.#finishValue(s, eof)) return;
        continue;
      }
      let i = skipWhitespace(s, this.#pos);
      if (phase === START && i < n && s.charCodeAt(i) === 0xfeff && this.#base === 0 && i === 0) i = skipWhitespace(s, 1);
      if (i >= n) {
        this.#pos = n;
        return;
      }
      const c = s.charCodeAt(i);
      this.#pos = i + 1;
      switch (phase) {
        case START:
          if (c === 123) this.#phase = FIRST_KEY;
          else if (c === 91) throw formatError('FORMAT_NO_RECORDS', this.#ctx, `the JSON document is an array, not an object with "${this.#doc.arrayKey}"`);
          else throw this.#badJson("the document does not start with '{'", i);
          break;
        case FIRST_KEY:
        case KEY: {
          if (c === 125 && phase === FIRST_KEY) {
            this.#phase = END;
            break;
          }
          if (c !== 34) throw this.#badJson('expected a key string', i);
          const q = stringEnd(s, i + 1);
          if (q < 0) {
            if (eof) throw this.#badJson('the document ends inside a key', i);
            this.#pos = i; // re-read the key when more text has arrived
            return;
          }
          this.#key = this.#parse(s, i, q + 1) as string;
          this.#pos = q + 1;
          this.#phase = COLON;
          break;
        }
        case COLON:
          if (c !== 58) throw this.#badJson(`expected ':' after key "${this.#key}"`, i);
          this.#phase = VALUE;
          break;
        case VALUE:
          if (this.#key === this.#doc.arrayKey) {
            if (c !== 91) throw formatError('FORMAT_NO_RECORDS', this.#ctx, `"${this.#doc.arrayKey}" is not an array`);
            this.#sawRecords = true;
            this.#phase = FIRST_RECORD;
          } else {
            if (this.#doc.noRecordsKeys?.has(this.#key)) this.#sawDigestKey = true;
            this.#startValue(i, IN_VALUE);
          }
          break;
        case AFTER_VALUE:
          if (c === 44) this.#phase = KEY;
          else if (c === 125) this.#phase = END;
          else throw this.#badJson("expected ',' or '}' after a top-level value", i);
          break;
        case FIRST_RECORD:
        case RECORD:
          if (c === 93 && phase === FIRST_RECORD) {
            this.#phase = AFTER_VALUE;
            break;
          }
          this.#record++;
          if (c !== 123) throw this.#badJson('the record is not a JSON object', i, this.#record);
          this.#startValue(i, IN_RECORD);
          break;
        case AFTER_RECORD:
          if (c === 44) this.#phase = RECORD;
          else if (c === 93) this.#phase = AFTER_VALUE;
          else throw this.#badJson(`expected ',' or ']' after record ${this.#record}`, i);
          break;
        default: // END: only whitespace may follow the document
          throw this.#badJson('unexpected text after the end of the document', i);
      }
    }
  }

  #startValue(i: number, phase: number): void {
    this.#valueStart = i;
    this.#scan.pos = i;
    this.#scan.depth = 0;
    this.#scan.inString = false;
    this.#phase = phase;
  }

  /** Scans on to the end of the current value; false when more text is needed. */
  #finishValue(s: string, eof: boolean): boolean {
    const start = this.#valueStart;
    const c = s.charCodeAt(start);
    let end: number;
    if (c === 123 || c === 91) end = compositeEnd(s, this.#scan);
    else if (c === 34) {
      // Top-level string values are short, so an incomplete one is simply rescanned.
      const q = stringEnd(s, start + 1);
      end = q < 0 ? -1 : q + 1;
    } else end = primitiveEnd(s, start);
    if (end < 0 && eof && c !== 123 && c !== 91 && c !== 34) end = s.length;
    const inRecord = this.#phase === IN_RECORD;
    const length = (end < 0 ? s.length : end) - start;
    if (length > this.#limit || (end >= 0 && length * 3 > this.#limit && Buffer.byteLength(s.slice(start, end)) > this.#limit)) {
      const what = inRecord ? 'the record' : `the value of "${this.#key}"`;
      throw formatError('FORMAT_RECORD_TOO_LARGE', this.#ctx, `${what} is larger than ${this.#limit} bytes`, inRecord ? { record: this.#record } : undefined);
    }
    if (end < 0) return false;
    const value = this.#parse(s, start, end, inRecord ? this.#record : undefined);
    if (inRecord) {
      this.#batch.push(value as Record<string, unknown>);
      this.#texts.push(s.slice(start, end));
      if (this.#batch.length >= RECORDS_PER_BATCH) this.#flush();
    }
    this.#valueStart = -1;
    this.#pos = end;
    this.#phase = inRecord ? AFTER_RECORD : AFTER_VALUE;
    return true;
  }

  #parse(s: string, start: number, end: number, record?: number): unknown {
    try {
      return JSON.parse(s.slice(start, end));
    } catch (err) {
      // V8's message gives a position relative to the slice only for some errors, so name the slice's start.
      const what = record !== undefined ? 'the record' : this.#phase === IN_VALUE ? `the value of "${this.#key}"` : 'a key';
      throw this.#badJson(`invalid JSON in ${what} starting at byte offset ${this.#offset(start)}: ${(err as Error).message}`, -1, record, err);
    }
  }

  #offset(index: number): number {
    return this.#base + Buffer.byteLength(this.#buf.slice(0, index));
  }

  /** A FORMAT_BAD_JSON error; `index` (in `#buf`) adds "(byte offset N)" unless it is -1. */
  #badJson(reason: string, index: number, record?: number, cause?: unknown): Error {
    const at = record === undefined ? undefined : { record };
    return formatError('FORMAT_BAD_JSON', this.#ctx, index < 0 ? reason : `${reason} (byte offset ${this.#offset(index)})`, at, cause);
  }
}
