import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonLinesFile } from './index.ts';

test('staged lines reach the file only when published; discarded ones never', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-out-test-'));
  try {
    const file = join(dir, 'archives', 'archives.json');
    const out = createJsonLinesFile(file);
    assert.deepEqual(await out.recover(undefined), { size: 0, truncatedBytes: 0 });
    const a = out.stage();
    const b = out.stage();
    await a.write(Buffer.from('{"a":1}\n'));
    await b.write(Buffer.from('{"b":2}\n'));
    await a.write(Buffer.from('{"a":3}\n'));
    assert.equal(a.bytes, 16);
    await b.discard();
    assert.deepEqual(await out.publish(a), { before: 0, after: 16 });
    assert.equal(await readFile(file, 'utf8'), '{"a":1}\n{"a":3}\n');
    assert.deepEqual(await readdir(join(dir, 'archives')), ['archives.json'], 'staging files are removed');
    const c = out.stage();
    await c.write(Buffer.from('{"c":4}\n'));
    const { before } = await out.publish(c);
    await out.truncate(before);
    assert.equal(await readFile(file, 'utf8'), '{"a":1}\n{"a":3}\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('recover cuts the file to the committed size and removes stale staging files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-out-test-'));
  try {
    const file = join(dir, 'archives.json');
    await writeFile(file, '{"ok":1}\n{"lost":2}\n');
    await writeFile(join(dir, '.archives.json.staging-1-1'), '{"x":1}\n');
    const out = createJsonLinesFile(file);
    assert.deepEqual(await out.recover(9), { size: 9, truncatedBytes: 11 });
    assert.equal(await readFile(file, 'utf8'), '{"ok":1}\n');
    assert.deepEqual(await readdir(dir), ['archives.json']);
    assert.deepEqual(await out.recover(50), { size: 9, truncatedBytes: 0 }, 'a shorter (rotated) file is taken as it is');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('append writes in-memory lines and reports the sizes around them; truncate undoes it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-out-test-'));
  try {
    const file = join(dir, 'new', 'archives.json');
    const out = createJsonLinesFile(file);
    await out.recover(undefined);
    assert.deepEqual(await out.append([Buffer.from('{"a":1}\n'), Buffer.from('{"b":2}\n')]), { before: 0, after: 16 });
    assert.deepEqual(await out.append([Buffer.from('{"c":3}\n')]), { before: 16, after: 24 });
    await out.truncate(16);
    assert.deepEqual(await out.append([]), { before: 16, after: 16 });
    assert.equal(await readFile(file, 'utf8'), '{"a":1}\n{"b":2}\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
