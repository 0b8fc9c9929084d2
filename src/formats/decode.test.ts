import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { decodeObject } from './index.ts';
import { bytesOf, makeZip, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'b', key: 'AWSLogs/123/CloudTrail/x.json.gz' };
const text = '{"Records":[{"eventName":"ConsoleLogin","note":"ünïcødé €"}]}\n';

test('plain text passes through unchanged', async () => {
  assert.equal((await bytesOf(decodeObject(streamOf(text, 3), ctx))).toString(), text);
});

test('an empty object decodes to nothing', async () => {
  assert.equal((await bytesOf(decodeObject(streamOf(''), ctx))).length, 0);
});

test('gzip, single member, delivered in 1-byte chunks', async () => {
  assert.equal((await bytesOf(decodeObject(streamOf(gzipSync(text), 1), ctx))).toString(), text);
});

test('gzip with several concatenated members, as AWS writes them', async () => {
  const gz = Buffer.concat([gzipSync('first\n'), gzipSync('second\n'), gzipSync('third\n')]);
  assert.equal((await bytesOf(decodeObject(streamOf(gz, 7), ctx))).toString(), 'first\nsecond\nthird\n');
});

test('a gzip key holding plain text is read as text (magic bytes decide)', async () => {
  assert.equal((await bytesOf(decodeObject(streamOf('hello\n'), { bucket: 'b', key: 'k.gz' }))).toString(), 'hello\n');
});

test('corrupt gzip fails with FORMAT_BAD_GZIP naming the object', async () => {
  const gz = gzipSync(text.repeat(50));
  gz.fill(0xaa, 20, 40);
  await rejectsWith(() => bytesOf(decodeObject(streamOf(gz), ctx)), 'FORMAT_BAD_GZIP', /^bucket 'b', key 'AWSLogs\/123\/CloudTrail\/x.json.gz': gzip stream is corrupt \(.+\)$/);
});

test('truncated gzip fails with FORMAT_BAD_GZIP', async () => {
  const gz = gzipSync(text.repeat(50));
  await rejectsWith(
    () => bytesOf(decodeObject(streamOf(gz.subarray(0, gz.length - 10)), ctx)),
    'FORMAT_BAD_GZIP',
    "bucket 'b', key 'AWSLogs/123/CloudTrail/x.json.gz': gzip stream is truncated (unexpected end of file)",
  );
});

test('zip: the first member is streamed (deflate), later members ignored', async () => {
  const zip = makeZip([{ name: 'a.json', data: text }, { name: 'b.json', data: 'other' }]);
  assert.equal((await bytesOf(decodeObject(streamOf(zip, 5), ctx))).toString(), text);
});

test('zip: deflate member with a data descriptor (sizes after the data)', async () => {
  const zip = makeZip([{ name: 'a.json', data: text, descriptor: true }, { name: 'b.json', data: 'other' }]);
  assert.equal((await bytesOf(decodeObject(streamOf(zip, 1), ctx))).toString(), text);
});

test('zip: stored member', async () => {
  const zip = makeZip([{ name: 'a.json', data: text, stored: true }, { name: 'b', data: 'zz', stored: true }]);
  assert.equal((await bytesOf(decodeObject(streamOf(zip, 4), ctx))).toString(), text);
});

test('zip: stored member with a data descriptor cannot be streamed', async () => {
  const zip = makeZip([{ name: 'a.json', data: text, stored: true, descriptor: true }]);
  await rejectsWith(() => bytesOf(decodeObject(streamOf(zip), ctx)), 'FORMAT_BAD_ZIP', /stored with a data descriptor/);
});

test('zip: truncated member fails with FORMAT_BAD_ZIP', async () => {
  const zip = makeZip([{ name: 'a.json', data: text.repeat(20), stored: true }]);
  await rejectsWith(() => bytesOf(decodeObject(streamOf(zip.subarray(0, 100)), ctx)), 'FORMAT_BAD_ZIP', /zip archive is truncated: \d+ bytes of the first member are missing$/);
});

test('zip: an archive without members fails with FORMAT_BAD_ZIP', async () => {
  await rejectsWith(() => bytesOf(decodeObject(streamOf(makeZip([])), ctx)), 'FORMAT_BAD_ZIP', /zip archive has no members$/);
});

test('gzip bomb: output over maxRatio times the input fails with FORMAT_ZIP_BOMB', async () => {
  const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 'a'));
  await rejectsWith(() => bytesOf(decodeObject(streamOf(bomb), { ...ctx, maxRatio: 50 })), 'FORMAT_ZIP_BOMB', /ratio 50\)$/);
});

test('zip bomb: output over maxDecompressedBytes fails with FORMAT_ZIP_BOMB', async () => {
  const zip = makeZip([{ name: 'a', data: Buffer.alloc(300_000, 'x') }]);
  await rejectsWith(() => bytesOf(decodeObject(streamOf(zip), { ...ctx, maxDecompressedBytes: 100_000 })), 'FORMAT_ZIP_BOMB', /limits: 100000 bytes/);
});

test('the default limits let a normal object through', async () => {
  const big = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `2 123456789012 eni-0a1b2c3d 10.0.0.${i % 250} 10.0.1.5 ${40000 + i} 443 6 10 840 1700000000 1700000060 ACCEPT OK`).join('\n'));
  assert.equal((await bytesOf(decodeObject(streamOf(gzipSync(big)), ctx))).length, big.length);
});

test('binary junk (NUL bytes) fails with FORMAT_BINARY', async () => {
  await rejectsWith(() => bytesOf(decodeObject(streamOf(Buffer.from([0x41, 0x42, 0x00, 0x43])), ctx)), 'FORMAT_BINARY', /NUL byte at offset 2\)$/);
});

test('binary junk (invalid UTF-8) inside gzip fails with FORMAT_BINARY', async () => {
  const junk = gzipSync(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0xfe, 0x41]));
  await rejectsWith(() => bytesOf(decodeObject(streamOf(junk), ctx)), 'FORMAT_BINARY', /invalid UTF-8/);
});

test('a .snappy key fails with FORMAT_UNSUPPORTED_COMPRESSION', async () => {
  await rejectsWith(
    () => bytesOf(decodeObject(streamOf('whatever'), { bucket: 'b', key: 'flows/x.log.snappy' })),
    'FORMAT_UNSUPPORTED_COMPRESSION',
    "bucket 'b', key 'flows/x.log.snappy': snappy-compressed objects are not supported (use gzip)",
  );
});

test('snappy framing magic bytes fail with FORMAT_UNSUPPORTED_COMPRESSION', async () => {
  const framed = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59, 1, 2, 3]);
  await rejectsWith(() => bytesOf(decodeObject(streamOf(framed), { bucket: 'b', key: 'x' })), 'FORMAT_UNSUPPORTED_COMPRESSION', /snappy-compressed/);
});

test('an error of the source stream passes through unchanged', async () => {
  const failing = new Readable({
    read() {
      this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    },
  });
  await assert.rejects(() => bytesOf(decodeObject(failing, ctx)), { message: 'socket hang up', code: 'ECONNRESET' });
  const gzFailing = Readable.from((async function* () {
    yield gzipSync(text).subarray(0, 20);
    await new Promise((r) => setImmediate(r));
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  })(), { objectMode: false });
  await assert.rejects(() => bytesOf(decodeObject(gzFailing, ctx)), { message: 'socket hang up', code: 'ECONNRESET' });
});

test('stopping early destroys the source', async () => {
  const body = streamOf(gzipSync(Buffer.alloc(1_000_000, 'a')), 1000);
  for await (const chunk of decodeObject(body, ctx)) {
    assert.ok((chunk as Buffer).length > 0);
    break;
  }
  await new Promise((r) => setImmediate(r));
  assert.equal(body.destroyed, true);
});
