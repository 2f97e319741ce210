/**
 * The fault proxy (tests/support/fault-proxy.ts) in front of a node echo server: it forwards faithfully, and each fault
 * does what the sync tests rely on.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.ts';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** False when the request's body never arrived whole. */
  complete: boolean;
}

let upstream: Server;
let proxy: FaultProxy;
let seen: Seen[];

beforeAll(async () => {
  seen = [];
  upstream = createServer((request, response) => {
    const chunks: Buffer[] = [];
    const entry: Seen = {
      method: request.method!,
      url: request.url!,
      headers: request.headers,
      body: '',
      complete: false,
    };
    seen.push(entry);
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      entry.body = Buffer.concat(chunks).toString('utf8');
    });
    request.on('end', () => {
      entry.complete = true;
      response.writeHead(201, { 'X-Echo': 'yes', 'Content-Type': 'text/plain' }).end(`got ${entry.body}`);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const address = upstream.address();
  proxy = await startFaultProxy(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/dav/`);
});

afterAll(async () => {
  await proxy.stop();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

/** Resolves when `check` holds (the upstream sees an aborted request a moment after the client's error). */
async function eventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startFaultProxy', () => {
  it('forwards method, path, headers and body, and the answer back, and logs it', async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dav\/$/);
    const response = await fetch(`${proxy.url}a%20b`, {
      method: 'PUT',
      headers: { 'If-Match': '"e1"', Authorization: 'Basic eA==' },
      body: 'hello',
    });
    expect([response.status, response.headers.get('x-echo'), await response.text()]).toEqual([201, 'yes', 'got hello']);
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: '/dav/a%20b', body: 'hello', complete: true });
    expect(seen.at(-1)!.headers['if-match']).toBe('"e1"');
    expect(seen.at(-1)!.headers.authorization).toBe('Basic eA==');
    expect(proxy.log.at(-1)).toEqual({ method: 'PUT', path: '/dav/a%20b', status: 201 });
  });

  it('strips conditional headers while ignoreConditionalHeaders is on, or for one ignore-conditions request', async () => {
    proxy.ignoreConditionalHeaders = true;
    await (await fetch(proxy.url, { method: 'PUT', headers: { 'If-None-Match': '*' }, body: 'x' })).text();
    expect(seen.at(-1)!.headers['if-none-match']).toBeUndefined();
    proxy.ignoreConditionalHeaders = false;

    proxy.failNext({ method: 'PUT', fault: 'ignore-conditions' });
    await (await fetch(proxy.url, { method: 'PUT', headers: { 'If-Match': '"a"' }, body: 'x' })).text();
    expect(seen.at(-1)!.headers['if-match']).toBeUndefined();
    await (await fetch(proxy.url, { method: 'PUT', headers: { 'If-Match': '"a"' }, body: 'x' })).text();
    expect(seen.at(-1)!.headers['if-match']).toBe('"a"');
  });

  it('answers a programmed status without forwarding, only for the matching method and path, once', async () => {
    proxy.failNext({ method: 'GET', path: /only-this$/, fault: 'status', status: 507 });
    const before = seen.length;
    expect((await fetch(`${proxy.url}other`)).status).toBe(201);
    expect((await fetch(`${proxy.url}only-this`, { method: 'PUT', body: 'x' })).status).toBe(201);
    expect((await fetch(`${proxy.url}only-this`)).status).toBe(507);
    expect((await fetch(`${proxy.url}only-this`)).status).toBe(201);
    expect(seen.length - before).toBe(3);
    expect(proxy.log.at(-2)).toEqual({ method: 'GET', path: '/dav/only-this', status: 507, fault: 'status' });
  });

  it('resets without forwarding', async () => {
    proxy.failNext({ fault: 'reset' });
    const before = seen.length;
    await expect(fetch(`${proxy.url}r`, { method: 'DELETE' })).rejects.toThrow(TypeError);
    expect(seen.length).toBe(before);
  });

  it('drops the response after the server handled the request', async () => {
    proxy.failNext({ method: 'PUT', fault: 'drop-response' });
    await expect(fetch(`${proxy.url}d`, { method: 'PUT', body: 'delivered' })).rejects.toThrow(TypeError);
    expect(seen.at(-1)).toMatchObject({ url: '/dav/d', body: 'delivered', complete: true });
  });

  it('cuts an upload in half and aborts it', async () => {
    proxy.failNext({ method: 'PUT', fault: 'truncate-upload' });
    const before = seen.length;
    await expect(fetch(`${proxy.url}t`, { method: 'PUT', body: '0123456789' })).rejects.toThrow(TypeError);
    await eventually(() => seen.length > before && seen.at(-1)!.body === '01234');
    expect(seen.at(-1)!.complete).toBe(false);
  });
});
