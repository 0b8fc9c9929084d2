/**
 * Token sign-in for a server that listens beyond loopback. API clients send
 * `Authorization: Bearer <token>`; the dashboard posts the token once to `/api/login` and gets an
 * HttpOnly, SameSite=Strict session cookie. Tokens are compared in constant time; sessions live
 * in memory (a restart signs everyone out) for 12 hours.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AwsmonError } from '../core/index.ts';

const SESSION_MS = 12 * 3600_000;
const COOKIE = 'awsmon_session';

/** What the server asks of its sign-in. */
export interface Auth {
  readonly required: boolean;
  /** Whether a request with these headers may use the API. */
  allows(authorization: string | undefined, cookie: string | undefined): boolean;
  /** Registers /api/auth, /api/login and /api/logout. */
  register(app: FastifyInstance): void;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function sessionOf(cookie: string | undefined): string | undefined {
  for (const part of (cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value !== undefined && /^[0-9a-f]{64}$/.test(value)) return value;
  }
  return undefined;
}

/** Sign-in with `token`; without one, every request is allowed (loopback only: see `listen`). */
export function createAuth(token: string | undefined): Auth {
  const expected = token === undefined ? undefined : digest(token);
  const sessions = new Map<string, number>();
  const tokenMatches = (given: string): boolean => expected !== undefined && timingSafeEqual(digest(given), expected);
  const validSession = (cookie: string | undefined): boolean => {
    const id = sessionOf(cookie);
    if (id === undefined) return false;
    const until = sessions.get(id);
    if (until === undefined || until < Date.now()) {
      sessions.delete(id);
      return false;
    }
    return true;
  };
  return {
    required: expected !== undefined,
    allows(authorization, cookie) {
      if (expected === undefined) return true;
      const bearer = /^Bearer (.+)$/.exec(authorization ?? '');
      if (bearer !== null) return tokenMatches(bearer[1]!);
      return validSession(cookie);
    },
    register(app) {
      app.get('/api/auth', (req, reply) => {
        void reply.send({ required: expected !== undefined, signedIn: expected === undefined || validSession(req.headers.cookie) });
      });
      app.post<{ Body: { token: string } }>('/api/login', {
        schema: { body: { type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string', minLength: 1, maxLength: 512 } } } },
      }, async (req, reply) => {
        if (expected === undefined) return { signedIn: true };
        if (!tokenMatches(req.body.token)) throw new AwsmonError('API_UNAUTHORIZED', 'wrong token');
        const id = randomBytes(32).toString('hex');
        for (const [k, until] of sessions) if (until < Date.now()) sessions.delete(k);
        sessions.set(id, Date.now() + SESSION_MS);
        void reply.header('set-cookie', `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`);
        return { signedIn: true };
      });
      app.post('/api/logout', async (req, reply) => {
        const id = sessionOf(req.headers.cookie);
        if (id !== undefined) sessions.delete(id);
        void reply.header('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
        return { signedIn: false };
      });
    },
  };
}
