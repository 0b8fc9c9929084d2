/**
 * The dashboard's built files (web/dist), read from disk on each request. Paths are resolved
 * inside the root only; anything else that is not an API path gets index.html, so a shared link
 * into the dashboard opens it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/** Serves `root` under `/`. */
export async function registerStatic(app: FastifyInstance, root: string): Promise<void> {
  const base = normalize(root + sep);
  const index = join(base, 'index.html');
  await stat(index);
  app.get('/*', async (req, reply) => {
    const path = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/^\/+/, ''));
    let file = normalize(join(base, path));
    if (!file.startsWith(base) || path === '' || path.includes('\0')) file = index;
    let info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) {
      // A missing asset is a 404; a missing page is the dashboard itself (client-side views).
      if (path.startsWith('assets/')) return reply.status(404).send({ statusCode: 404, code: 'API_NOT_FOUND', error: 'Not Found', message: `no file ${path}` });
      file = index;
      info = await stat(file);
    }
    // Hashed asset names never change content; the page itself is always revalidated.
    void reply.header('cache-control', file === index ? 'no-cache' : 'public, max-age=31536000, immutable');
    void reply.header('content-length', info.size);
    return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(createReadStream(file));
  });
}
