/**
 * Parquet objects (Security Lake's OCSF tables, VPC flow logs delivered as Parquet), read in row
 * batches with bounded memory. Parquet keeps its schema and row-group index in a footer at the end
 * of the file, so a stream cannot be read front to back: the object is streamed to a temporary
 * file, and an in-memory DuckDB (already awsmon's store engine, so no new dependency) reads it with
 * `read_parquet`, one vector of rows at a time. The temporary file is removed when the reading
 * ends, early or not.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, formatError, isFormatError } from './context.ts';
import type { ParseContext } from './context.ts';
import { errorMessage } from '../core/index.ts';

/** `PAR1`: the first and last four bytes of every Parquet file. */
export const PARQUET_MAGIC = Buffer.from('PAR1', 'latin1');

/** Whether `head` (the first bytes of an object) starts like a Parquet file. */
export function isParquet(head: Buffer): boolean {
  return head.length >= 4 && head.subarray(0, 4).equals(PARQUET_MAGIC);
}

/** Rows of a Parquet object as JSON texts: nested values kept, nulls kept, column order kept. */
export interface ParquetJsonBatch {
  /** One JSON object text per row. */
  rows: string[];
  /** 1-based number of the first row of the batch. */
  firstRow: number;
}

let engine: Promise<DuckDBInstance> | undefined;

/** One small in-memory DuckDB for the process, apart from the store's database. */
function parquetEngine(): Promise<DuckDBInstance> {
  // Reading is sequential per file; one thread per file keeps concurrent objects from contending.
  engine ??= DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '128MB', preserve_insertion_order: 'true' });
  return engine;
}

/**
 * Streams `body` to a temporary file, at most `ctx.maxDecompressedBytes`; returns the file and a
 * function that removes it.
 */
async function spool(body: Readable, ctx: ParseContext): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-parquet-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const file = join(dir, 'object.parquet');
  const limit = ctx.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  let size = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) done(formatError('FORMAT_BAD_PARQUET', ctx, `the object is larger than ${limit} bytes`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, guard, createWriteStream(file));
  } catch (err) {
    await remove();
    throw err;
  }
  if (size < 12) {
    // Magic, footer length and magic again: nothing shorter is a Parquet file.
    await remove();
    throw formatError('FORMAT_BAD_PARQUET', ctx, `the object is ${size} bytes, too short to be a Parquet file`);
  }
  return { file, remove };
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** DuckDB's reason without the temporary path (meaningless to the user, who knows the object). */
function badParquet(err: unknown, ctx: ParseContext, file: string, firstRow?: number): Error {
  if (isFormatError(err)) return err;
  const reason = errorMessage(err).replaceAll(file, 'the object').replace(/\s+/g, ' ').trim();
  return formatError('FORMAT_BAD_PARQUET', ctx, `cannot read it as Parquet: ${reason}`, firstRow === undefined ? undefined : { record: firstRow }, err);
}

/** The query of rows, given the read_parquet call and the file's column names. */
type Select = (from: string, columns: readonly string[]) => string;

/** Runs the query built by `select` over the spooled object and yields its rows a vector at a time. */
async function* rowChunks(body: Readable, ctx: ParseContext, select: Select): AsyncGenerator<{ columns: readonly string[]; rows: unknown[][]; firstRow: number }, void, undefined> {
  const { file, remove } = await spool(body, ctx);
  let conn: DuckDBConnection | undefined;
  let firstRow = 1;
  try {
    const from = `read_parquet(${sqlString(file)})`;
    let result;
    let columns: readonly string[];
    try {
      conn = await (await parquetEngine()).connect();
      // The schema only (from the footer): no row is read.
      columns = (await conn.runAndReadAll(`SELECT * FROM ${from} LIMIT 0`)).columnNames();
      result = await conn.stream(select(from, columns));
    } catch (err) {
      throw badParquet(err, ctx, file);
    }
    for (;;) {
      let chunk;
      try {
        chunk = await result.fetchChunk();
      } catch (err) {
        throw badParquet(err, ctx, file, firstRow);
      }
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.getRows();
      yield { columns, rows, firstRow };
      firstRow += rows.length;
    }
  } finally {
    conn?.closeSync();
    await remove();
  }
}

function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The rows of a Parquet object as JSON object texts (DuckDB's `to_json` of each row: structs as
 * objects, lists as arrays, maps as objects, timestamps as text), in file order, in batches.
 */
export async function* parquetJsonRows(body: Readable, ctx: ParseContext): AsyncGenerator<ParquetJsonBatch, void, undefined> {
  for await (const { rows, firstRow } of rowChunks(body, ctx, (from) => `SELECT to_json(p)::VARCHAR FROM ${from} AS p`)) {
    yield { rows: rows.map((r) => r[0] as string), firstRow };
  }
}

/** Rows of a Parquet object as space-separated lines, the way line formats (VPC flow logs) write them. */
export interface ParquetLineBatch {
  columns: readonly string[];
  /** One line per row: each column as text (integers in decimal), a null or empty value as `-`, joined by single spaces. */
  lines: string[];
  firstRow: number;
}

/**
 * The rows of a Parquet object as the lines a line format would hold (see ParquetLineBatch). DuckDB
 * builds each line, so a row crosses into JavaScript as one string (several times faster than a
 * value per column). Values are taken as they are: one holding a space gives a line that does not
 * split back into its columns, which the caller checks.
 */
export async function* parquetLines(body: Readable, ctx: ParseContext): AsyncGenerator<ParquetLineBatch, void, undefined> {
  const line: Select = (from, columns) => {
    const values = columns.map((c) => `COALESCE(NULLIF(${sqlIdentifier(c)}::VARCHAR, ''), '-')`);
    return `SELECT concat_ws(' ', ${values.join(', ')}) FROM ${from}`;
  };
  for await (const { columns, rows, firstRow } of rowChunks(body, ctx, line)) {
    yield { columns, lines: rows.map((r) => r[0] as string), firstRow };
  }
}
