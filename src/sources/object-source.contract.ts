import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode, SourceError } from '../core/index.ts';
import type { ObjectInfo, ObjectSource } from '../core/index.ts';

/** One object to seed a source with. */
export interface SeedObject {
  key: string;
  body: Buffer | string;
}

/** Builds a source holding exactly `objects`; undefined when the back end is unavailable (test skipped). */
export type MakeSource = (t: TestContext, objects: SeedObject[]) => Promise<ObjectSource | undefined>;
/** Builds a source whose bucket (or folder) does not exist. */
export type MakeMissingSource = (t: TestContext) => Promise<ObjectSource | undefined>;

/**
 * Keys chosen where S3's order (UTF-8 bytes of whole keys) differs from a folder-by-folder sort
 * ('a-c' < 'a/…' < 'a0' < 'a_c') and from JavaScript's UTF-16 sort ('Ａ' U+FF21 < '😀' U+1F600).
 */
const ORDERED_KEYS = [
  '10', '2', 'A', 'B/x', 'a-c', 'a/b', 'a/b-2', 'a/b0', 'a/b_1', 'a/c/d/e', 'a0', 'a_c', 'z',
  'é/x', 'ü', '日本/1', 'Ａ', '😀',
];

/** Shuffled so a back end cannot pass by returning insertion order. */
const SEED: SeedObject[] = [...ORDERED_KEYS].reverse().map((key) => ({ key, body: `body of ${key}\n` }));

async function collect(iterable: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const o of iterable) out.push(o);
  return out;
}

async function keys(iterable: AsyncIterable<ObjectInfo>): Promise<string[]> {
  return (await collect(iterable)).map((o) => o.key);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

function assertCode(code: string, bucket: string) {
  return (err: unknown) => {
    assert.ok(err instanceof SourceError, `expected a SourceError, got ${String(err)}`);
    assert.equal(errorCode(err), code);
    assert.ok(err.message.includes(`bucket '${bucket}'`), err.message);
    return true;
  };
}

/**
 * The behaviour every ObjectSource shares (S3 through the SDK, a local folder): S3's listing
 * order, StartAfter, pagination, common prefixes, exact bytes, deletion, and missing buckets.
 */
export function objectSourceContract(name: string, makeSource: MakeSource, makeMissing: MakeMissingSource): void {
  describe(`ObjectSource contract: ${name}`, () => {
    test('lists every key in S3 order (UTF-8 bytes of whole keys)', async (t) => {
      const source = await makeSource(t, SEED);
      if (!source) return;
      await source.check();
      assert.deepEqual(await keys(source.listObjects('')), ORDERED_KEYS);
    });

    test('lists keys under a prefix that is not a folder, and after a marker', async (t) => {
      const source = await makeSource(t, SEED);
      if (!source) return;
      assert.deepEqual(await keys(source.listObjects('a')), ['a-c', 'a/b', 'a/b-2', 'a/b0', 'a/b_1', 'a/c/d/e', 'a0', 'a_c']);
      assert.deepEqual(await keys(source.listObjects('a/b')), ['a/b', 'a/b-2', 'a/b0', 'a/b_1']);
      assert.deepEqual(await keys(source.listObjects('', 'a/b')), ['a/b-2', 'a/b0', 'a/b_1', 'a/c/d/e', 'a0', 'a_c', 'z', 'é/x', 'ü', '日本/1', 'Ａ', '😀']);
      // A marker that is no key: 'a/b/' sorts between 'a/b-2' and 'a/b0'.
      assert.deepEqual(await keys(source.listObjects('a/', 'a/b/')), ['a/b0', 'a/b_1', 'a/c/d/e']);
      assert.deepEqual(await keys(source.listObjects('', 'a/c')), ['a/c/d/e', 'a0', 'a_c', 'z', 'é/x', 'ü', '日本/1', 'Ａ', '😀']);
      assert.deepEqual(await keys(source.listObjects('a/', 'a/c/d/e')), []);
      assert.deepEqual(await keys(source.listObjects('nothing/')), []);
    });

    test('reports size and modification time', async (t) => {
      const source = await makeSource(t, [{ key: 'x/one', body: 'twelve bytes' }]);
      if (!source) return;
      const before = Date.now();
      const [info] = await collect(source.listObjects('x/'));
      assert.equal(info?.key, 'x/one');
      assert.equal(info?.size, 12);
      assert.ok(info && Math.abs(info.lastModified.getTime() - before) < 120_000, `lastModified ${info?.lastModified.toISOString()}`);
    });

    test('lists common prefixes like Delimiter "/"', async (t) => {
      const source = await makeSource(t, SEED);
      if (!source) return;
      assert.deepEqual(await source.listPrefixes(''), ['B/', 'a/', 'é/', '日本/']);
      assert.deepEqual(await source.listPrefixes('a/'), ['a/c/']);
      assert.deepEqual(await source.listPrefixes('a/c'), ['a/c/']);
      assert.deepEqual(await source.listPrefixes('a/c/'), ['a/c/d/']);
      assert.deepEqual(await source.listPrefixes('a/c/d/'), []);
      assert.deepEqual(await source.listPrefixes('nothing/'), []);
    });

    test('pages past 1000 keys, in order, with and without a marker', async (t) => {
      const many = Array.from({ length: 1100 }, (_, i) => ({ key: `p/${String(i).padStart(4, '0')}.log`, body: String(i) }));
      const source = await makeSource(t, [...many, { key: 'o/before', body: '' }, { key: 'q/after', body: '' }]);
      if (!source) return;
      assert.deepEqual(await keys(source.listObjects('p/')), many.map((o) => o.key));
      const tail = await keys(source.listObjects('p/', 'p/0999.log'));
      assert.deepEqual(tail, many.slice(1000).map((o) => o.key));
      const all = await keys(source.listObjects(''));
      assert.equal(all.length, 1102);
      assert.equal(all[0], 'o/before');
      assert.equal(all[1101], 'q/after');
    });

    test('streams the exact bytes of a binary object', async (t) => {
      const body = Buffer.alloc(300_000);
      for (let i = 0; i < body.length; i++) body[i] = (i * 7919 + (i >> 8)) & 0xff;
      const source = await makeSource(t, [{ key: 'bin/data.gz', body }, { key: 'bin/empty', body: Buffer.alloc(0) }]);
      if (!source) return;
      const got = await readAll(await source.getObject('bin/data.gz'));
      assert.equal(got.length, body.length);
      assert.ok(got.equals(body), 'bytes differ');
      assert.equal((await readAll(await source.getObject('bin/empty'))).length, 0);
    });

    test('a missing object is SOURCE_OBJECT_NOT_FOUND naming the key', async (t) => {
      const source = await makeSource(t, SEED);
      if (!source) return;
      await assert.rejects(source.getObject('a/missing'), (err: unknown) => {
        assertCode('SOURCE_OBJECT_NOT_FOUND', source.bucket)(err);
        assert.ok((err as Error).message.includes("key 'a/missing'"), (err as Error).message);
        return true;
      });
    });

    test('deletes an object; deleting a missing key succeeds', async (t) => {
      const source = await makeSource(t, SEED);
      if (!source) return;
      await source.deleteObject('a/c/d/e');
      await source.deleteObject('a/b');
      await source.deleteObject('never/was');
      assert.deepEqual(await keys(source.listObjects('a/')), ['a/b-2', 'a/b0', 'a/b_1']);
      assert.deepEqual(await source.listPrefixes('a/'), []);
      await assert.rejects(source.getObject('a/b'), assertCode('SOURCE_OBJECT_NOT_FOUND', source.bucket));
    });

    test('a missing bucket is SOURCE_BUCKET_NOT_FOUND on check, list and prefixes', async (t) => {
      const source = await makeMissing(t);
      if (!source) return;
      await assert.rejects(source.check(), assertCode('SOURCE_BUCKET_NOT_FOUND', source.bucket));
      await assert.rejects(keys(source.listObjects('')), assertCode('SOURCE_BUCKET_NOT_FOUND', source.bucket));
      await assert.rejects(source.listPrefixes(''), assertCode('SOURCE_BUCKET_NOT_FOUND', source.bucket));
    });
  });
}
