/**
 * The HTTP server of `awsmon start`: the API over the store's search interface, the dashboard's
 * static files, security headers, and token sign-in when it listens beyond loopback. Built by a
 * factory so tests inject requests in-process (`app.inject`).
 */
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AwsmonError } from '../core/index.ts';
import type { Logger } from '../core/index.ts';
import type { EventSearch } from '../store/index.ts';
import { createAuth } from './auth.ts';
import { createGeoLocator } from './geo.ts';
import { openApiDocument } from './openapi.ts';
import { registerRoutes } from './routes.ts';
import { registerStatic } from './static.ts';

/** Options of `createServer`. */
export interface ServerOptions {
  search: EventSearch;
  countEvents(): Promise<number>;
  version: string;
  logger?: Logger | undefined;
  /** When set, every API request needs this token (Bearer header, or the session cookie of a sign-in). */
  token?: string | undefined;
  /** The built dashboard (web/dist); absent: API only. */
  webRoot?: string | undefined;
}

/**
 * The Content-Security-Policy of every response. Scripts only from the server itself; inline style
 * attributes are allowed because the chart library positions its tooltips with them.
 */
export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "connect-src 'self'",
  "font-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
].join('; ');

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 500: 'Internal Server Error' };
const STATUS_OF: Partial<Record<string, number>> = { API_BAD_REQUEST: 400, API_NOT_FOUND: 404, API_UNAUTHORIZED: 401, STORE_BAD_QUERY: 400 };

/** Builds the server (not listening yet). */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    // Repeated parameters arrive as arrays; a single value is coerced into a one-element array.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    bodyLimit: 64 * 1024,
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });
  const auth = createAuth(options.token);
  app.addHook('onRequest', (req, _reply, done) => {
    const open = !req.url.startsWith('/api/') || req.url.startsWith('/api/login') || req.url.startsWith('/api/auth');
    done(open || auth.allows(req.headers.authorization, req.headers.cookie) ? undefined : new AwsmonError('API_UNAUTHORIZED', 'sign in or send Authorization: Bearer <token>'));
  });
  app.setErrorHandler((err: FastifyError | AwsmonError, req, reply) => {
    let status: number;
    let code: string;
    if (err instanceof AwsmonError) {
      status = STATUS_OF[err.code] ?? 500;
      code = err.code;
    } else if (err.validation !== undefined) {
      status = 400;
      code = 'API_BAD_REQUEST';
    } else {
      status = err.statusCode ?? 500;
      code = status === 404 ? 'API_NOT_FOUND' : status < 500 ? 'API_BAD_REQUEST' : 'API_INTERNAL';
    }
    if (status >= 500) options.logger?.error({ err, url: req.url }, 'API request failed');
    // A server error does not expose its internals.
    const message = status >= 500 ? 'internal error; see the awsmon log' : err.message;
    void reply.status(status).send({ statusCode: status, code, error: STATUS_TEXT[status] ?? 'Error', message });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ statusCode: 404, code: 'API_NOT_FOUND', error: 'Not Found', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` });
  });
  auth.register(app);
  registerRoutes(app, options.search, { version: options.version, countEvents: () => options.countEvents(), geo: createGeoLocator() });
  app.get('/api/openapi.json', (_req, reply) => {
    void reply.send(openApiDocument(options.version));
  });
  if (options.webRoot !== undefined) await registerStatic(app, options.webRoot);
  return app;
}
