import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request instead of forwarding it. */
export type Fault =
  /** Answer with this status and body (an AWS error document). */
  | { status: number; body: string; headers?: Record<string, string> }
  /** Close the connection without answering. */
  | 'reset'
  /** Forward, then send the headers and half of the body and close the connection. */
  | 'truncate';

/** One request the proxy received, and whether it was answered with a fault. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  faulted: boolean;
}

/** Decides, per request (0-based index among all requests), whether to inject a fault. */
export type FaultPlan = (req: SeenRequest, index: number) => Fault | undefined;

/** A running proxy: its endpoint, what it saw, and how to stop it. */
export interface FaultProxy {
  endpoint: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** An S3-style error document. */
export function s3Error(status: number, code: string, message = code): Fault {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULTREQ${status}</RequestId><HostId>fault-proxy</HostId></Error>`;
  return { status, body, headers: { 'content-type': 'application/xml', 'x-amz-request-id': `FAULTREQ${status}` } };
}

/** An EC2-style (query protocol) error document. */
export function ec2Error(status: number, code: string, message = code): Fault {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>FAULTREQ${status}</RequestID></Response>`;
  return { status, body, headers: { 'content-type': 'text/xml' } };
}

/** An STS-style (query protocol) error document. */
export function stsError(status: number, code: string, message = code): Fault {
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>FAULTREQ${status}</RequestId></ErrorResponse>`;
  return { status, body, headers: { 'content-type': 'text/xml' } };
}

/** The first `n` requests matching `match` get `fault`; all others are forwarded. */
export function firstN(n: number, fault: Fault, match: (req: SeenRequest) => boolean = () => true): FaultPlan {
  let served = 0;
  return (req) => {
    if (served >= n || !match(req)) return undefined;
    served += 1;
    return fault;
  };
}

/** Every request matching `match` gets `fault`. */
export function always(fault: Fault, match: (req: SeenRequest) => boolean = () => true): FaultPlan {
  return (req) => (match(req) ? fault : undefined);
}

/** True for an S3 ListObjectsV2 request. */
export const isList = (req: SeenRequest): boolean => req.method === 'GET' && req.url.includes('list-type=2');

function forward(target: URL, seen: SeenRequest, raw: Buffer, res: ServerResponse, truncate: boolean): void {
  const upstream = httpRequest({
    host: target.hostname, port: target.port, method: seen.method, path: seen.url, headers: seen.headers,
  }, (up) => {
    if (!truncate) {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    up.on('data', (c: Buffer) => chunks.push(c));
    up.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
    });
  });
  upstream.on('error', () => res.socket?.destroy());
  upstream.end(raw);
}

/**
 * Starts an HTTP proxy on 127.0.0.1 (free port) in front of `target` (moto) that injects the
 * faults `plan` asks for: throttling, 5xx, denied, reset or truncated connections.
 */
export async function startFaultProxy(target: string, plan: FaultPlan = () => undefined): Promise<FaultProxy> {
  const url = new URL(target);
  const requests: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const seen: SeenRequest = {
        method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw.toString('utf8'), faulted: false,
      };
      const fault = plan(seen, requests.length);
      requests.push(seen);
      seen.faulted = fault !== undefined && fault !== 'truncate';
      if (fault === 'reset') {
        req.socket.destroy();
      } else if (fault === undefined || fault === 'truncate') {
        forward(url, seen, raw, res, fault === 'truncate');
      } else {
        res.writeHead(fault.status, { 'content-length': String(Buffer.byteLength(fault.body)), ...fault.headers });
        res.end(fault.body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
