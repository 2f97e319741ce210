/**
 * An HTTP proxy in front of the test WebDAV server (tests/support/webdav-server.ts) that a test programs per request,
 * to reproduce what real networks and servers do to a sync: a response lost after the write happened, an upload cut off
 * half way, a reset, a server that ignores conditional headers (as rclone's and npm webdav-server's WebDAV do), or any
 * status. Requests are buffered whole (the tests' files are small) and forwarded to the target's host with the same
 * path, so the proxy's `url` is the target's with the proxy's port.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Fault =
  /** Forward the request, let the server answer, then destroy the client's socket: the write happened, unseen. */
  | 'drop-response'
  /** Forward only the first half of the body, then abort the upstream request; the client's socket is destroyed. */
  | 'truncate-upload'
  /** Destroy the client's socket without forwarding anything. */
  | 'reset'
  /** Forward without If-Match and If-None-Match. */
  | 'ignore-conditions'
  /** Answer `status` without forwarding. */
  | 'status';

export interface FaultRule {
  /** Matches any method when left out. */
  method?: string;
  /** Tested against the request's path as sent (percent-encoded); matches any when left out. */
  path?: RegExp;
  fault: Fault;
  /** For 'status'; default 500. */
  status?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** What the client was answered; undefined when it got no answer (a fault destroyed its socket). */
  status?: number;
  fault?: Fault;
}

export interface FaultProxy {
  url: string;
  /** The next request that matches gets the fault (each rule is used once, in the order given). */
  failNext(rule: FaultRule): void;
  /** While true, every request is forwarded without its conditional headers. */
  ignoreConditionalHeaders: boolean;
  /** Every request so far, in the order they arrived. */
  readonly log: LoggedRequest[];
  stop(): Promise<void>;
}

const CONDITIONAL_HEADERS = ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'if'];
/** Hop-by-hop headers a proxy does not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const rules: FaultRule[] = [];
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((incoming, outgoing) => {
    void handle(incoming, outgoing).catch(() => outgoing.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const entry: LoggedRequest = { method, path };
    log.push(entry);
    const body = await readAll(incoming);
    const index = rules.findIndex(
      (rule) => (rule.method === undefined || rule.method === method) && (rule.path?.test(path) ?? true),
    );
    const rule = index === -1 ? undefined : rules.splice(index, 1)[0];
    if (rule) entry.fault = rule.fault;

    if (rule?.fault === 'reset') {
      incoming.socket.destroy();
      return;
    }
    if (rule?.fault === 'status') {
      entry.status = rule.status ?? 500;
      outgoing.writeHead(entry.status, { 'Content-Length': '0' }).end();
      return;
    }

    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value === undefined || HOP_BY_HOP.includes(name)) continue;
      if (
        (proxy.ignoreConditionalHeaders || rule?.fault === 'ignore-conditions') &&
        CONDITIONAL_HEADERS.includes(name)
      ) {
        continue;
      }
      headers[name] = value;
    }
    headers.host = target.host;
    headers['content-length'] = String(body.length);
    const upstream = request({ host: target.hostname, port: target.port, method, path, headers });

    if (rule?.fault === 'truncate-upload') {
      upstream.on('error', () => undefined);
      await new Promise<void>((resolve) =>
        upstream.write(body.subarray(0, Math.floor(body.length / 2)), () => resolve()),
      );
      upstream.destroy();
      incoming.socket.destroy();
      return;
    }

    const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
      (resolve, reject) => {
        upstream.on('error', reject);
        upstream.on('response', (response) => {
          readAll(response).then(
            (bytes) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: bytes }),
            reject,
          );
        });
        upstream.end(body);
      },
    );
    if (rule?.fault === 'drop-response') {
      incoming.socket.destroy();
      return;
    }
    entry.status = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.includes(name)) outgoing.setHeader(name, value);
    }
    outgoing.setHeader('content-length', String(answer.body.length));
    outgoing.writeHead(answer.status).end(answer.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}${target.pathname}${target.search}`,
    failNext: (rule) => void rules.push(rule),
    ignoreConditionalHeaders: false,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
