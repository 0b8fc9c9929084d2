/**
 * A minimal S3-compatible HTTP server over a local folder, for benchmarks: path-style
 * ListObjectsV2 (prefix, delimiter, start-after, continuation-token, max-keys), GetObject
 * (streamed from disk), HeadBucket, HeadObject, DeleteObject. Listings are precomputed at start
 * so the server is not the bottleneck. Not a product component and not an S3 emulator for tests
 * (the tests use moto).
 */
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import { createReadStream, readdirSync, statSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Obj { key: string; size: number; mtime: Date; path: string }

function walk(root: string, dir = '', out: Obj[] = []): Obj[] {
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    const st = statSync(join(root, rel));
    if (st.isDirectory()) walk(root, rel, out);
    else out.push({ key: rel, size: st.size, mtime: st.mtime, path: join(root, rel) });
  }
  return out;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Starts the server on 127.0.0.1 and a free port; every top-level folder of `root` is a bucket. */
export async function startS3Server(root: string): Promise<{ endpoint: string; server: Server; close(): Promise<void> }> {
  const buckets = new Map<string, Obj[]>();
  // Key lookups by map: a GET must not scan a listing of thousands of objects.
  const byKey = new Map<string, Map<string, Obj>>();
  for (const name of readdirSync(root)) {
    if (!statSync(join(root, name)).isDirectory()) continue;
    const objects = walk(join(root, name)).sort((a, b) => byBytes(a.key, b.key));
    buckets.set(name, objects);
    byKey.set(name, new Map(objects.map((o) => [o.key, o])));
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const name = decodeURIComponent(bucketName);
    const objects = buckets.get(name);
    if (!objects) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>`);
      return;
    }
    if (!key) {
      if (req.method === 'HEAD') { res.writeHead(200).end(); return; }
      list(url, name, objects, res);
      return;
    }
    const obj = byKey.get(name)?.get(key);
    if (!obj) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`);
      return;
    }
    if (req.method === 'DELETE') {
      rmSync(obj.path);
      byKey.get(name)?.delete(key);
      objects.splice(objects.indexOf(obj), 1);
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-length': obj.size, 'last-modified': obj.mtime.toUTCString(), etag: '"0"', 'content-type': 'application/octet-stream' });
    if (req.method === 'HEAD') { res.end(); return; }
    // A read error after the headers went out can only be reported by cutting the connection.
    const file = createReadStream(obj.path, { highWaterMark: 1 << 20 });
    file.on('error', (err) => res.destroy(err));
    res.on('close', () => file.destroy());
    file.pipe(res);
  });
  // Longer than the SDK agent keeps idle sockets, so a reused socket is never closed under a request.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}

function list(url: URL, bucket: string, objects: Obj[], res: ServerResponse): void {
  const prefix = url.searchParams.get('prefix') ?? '';
  const delimiter = url.searchParams.get('delimiter') ?? '';
  const token = url.searchParams.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64url').toString() : (url.searchParams.get('start-after') ?? '');
  const maxKeys = Math.min(Number(url.searchParams.get('max-keys') ?? 1000), 1000);
  // First key that is >= prefix and > after (both by binary search over the sorted keys).
  const firstWhere = (pred: (k: string) => boolean): number => {
    let lo = 0;
    let hi = objects.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred(objects[mid]!.key)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const lo = Math.max(firstWhere((k) => byBytes(k, prefix) >= 0), after ? firstWhere((k) => byBytes(k, after) > 0) : 0);
  const contents: Obj[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (let i = lo; i < objects.length; i++) {
    const o = objects[i]!;
    if (!o.key.startsWith(prefix)) break;
    if (contents.length + prefixes.length >= maxKeys) { truncated = true; break; }
    if (delimiter) {
      const idx = o.key.indexOf(delimiter, prefix.length);
      if (idx >= 0) {
        const cp = o.key.slice(0, idx + delimiter.length);
        prefixes.push(cp);
        // Skip the rest of the rolled-up keys, so a page (and the next one) names each prefix once.
        while (i + 1 < objects.length && objects[i + 1]!.key.startsWith(cp)) i++;
        last = objects[i]!.key;
        continue;
      }
    }
    contents.push(o);
    last = o.key;
  }
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${esc(bucket)}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${contents.length + prefixes.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`,
    delimiter ? `<Delimiter>${esc(delimiter)}</Delimiter>` : '',
    `<IsTruncated>${truncated}</IsTruncated>`,
    truncated ? `<NextContinuationToken>${Buffer.from(last).toString('base64url')}</NextContinuationToken>` : '',
    ...contents.map((o) => `<Contents><Key>${esc(o.key)}</Key><LastModified>${o.mtime.toISOString()}</LastModified><ETag>"0"</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`),
    ...prefixes.map((p) => `<CommonPrefixes><Prefix>${esc(p)}</Prefix></CommonPrefixes>`),
    '</ListBucketResult>',
  ];
  res.writeHead(200, { 'content-type': 'application/xml' }).end(parts.join(''));
}

// As a program (`node --import tsx bench/s3-server.ts ROOT`): serve ROOT and report the endpoint
// to the parent process, so the server's work does not share the measured process's event loop.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const served = await startS3Server(resolve(process.argv[2] ?? '.'));
  if (process.send) process.send({ endpoint: served.endpoint });
  else console.log(served.endpoint);
  process.on('disconnect', () => process.exit(0));
}
