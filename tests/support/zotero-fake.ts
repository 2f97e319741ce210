/**
 * Contract fakes of Zotero for the tests: no Zotero runs here, so these servers enforce the rules Zotero's own code
 * enforces and answer in the shapes Zotero's own tests and documentation show.
 *
 * Connector server (zotero/zotero @f2a42be):
 *
 * - `chrome/content/zotero/xpcom/server/server.js` `handleRequest`: Host must be 127.0.0.1, [::1] or localhost (400
 *   "Invalid Host header"); unknown path → 404 "No endpoint found"; a POST without Content-Length → 400.
 *   `_processEndpoint`: unsupported method → 400; a browser request (User-Agent `Mozilla/…` or any `Origin`) without
 *   `X-Zotero-Connector-API-Version` or `Zotero-Allowed-Request` is cut off with no reply (`_cancelResponse`); a
 *   Content-Type the endpoint does not take → 400; bad JSON → 400. `_generateResponse`: every reply carries
 *   `X-Zotero-Version` and `X-Zotero-Connector-API-Version`.
 * - `server_connector.js`: ping (GET → HTML "Zotero is running", POST → `{prefs}`), getSelectedCollection, saveItems (409
 *   `{"error":"SESSION_EXISTS"}`; the session is made before the read-only check, so a read-only library answers 500
 *   `{"libraryEditable":false}` and keeps the session id), updateSession (400 SESSION_ID_NOT_PROVIDED,
 *   SESSION_NOT_FOUND, COLLECTION_NOT_FOUND; tags as an array or, from older connectors, one comma-separated string).
 * - Request bodies as in `test/tests/server_connectorTest.js`: "/connector/saveItems" › "should save a translated item to
 *   the current selected collection" (`{items:[{itemType, title, creators:[{firstName, lastName, creatorType}]}], uri}`
 *   → 201) and "/connector/updateSession" › "should update collections, tags, and notes of item saved via /saveItems"
 *   (`{sessionID, target: collection.treeViewID, tags: "A, B", note: "Test note"}` → 200).
 * - findExistingItems as zotero/zotero PR #5988 proposes it (`{identifiers:{doi, url}}` → `{matches:[{key, title,
 *   matchedFields}]}`, DOI case-insensitive, URL exact); mode `old` answers 404 as every release does.
 *
 * Web API (zotero.org/support/dev/web_api/v3 write_requests and basics; server_localAPI.js mirrors the server): `GET
 * /keys/current`; `POST /users/<id>/items` (≤ 50 objects else 413; `Zotero-Write-Token` 5–32 characters, a token that
 * already wrote → 412; per-index `successful/success/unchanged/failed`; a field the item type does not have → failed
 * 400); `GET /users/<id>/items?since=&format=versions`, `?itemKey=`; `GET /users/<id>/deleted?since=`;
 * `Last-Modified-Version`; and on demand `Backoff`, 429/503 with `Retry-After`, or a write whose reply is lost.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAKE_ZOTERO_VERSION = '7.0.15';

/**
 * The fields of the item types Dogear writes, from zotero/zotero-schema @5eedf44 `schema.json` (version 41), minus
 * those added in it (`PMID`, `PMCID` of journalArticle, `DOI` of webpage), which an older Zotero refuses.
 */
export const SCHEMA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  preprint: [
    'title',
    'abstractNote',
    'genre',
    'repository',
    'archiveID',
    'place',
    'date',
    'series',
    'seriesNumber',
    'DOI',
    'citationKey',
    'url',
    'accessDate',
    'archive',
    'archiveLocation',
    'shortTitle',
    'language',
    'libraryCatalog',
    'callNumber',
    'rights',
    'extra',
  ],
  journalArticle: [
    'title',
    'abstractNote',
    'publicationTitle',
    'publisher',
    'place',
    'date',
    'volume',
    'issue',
    'section',
    'partNumber',
    'partTitle',
    'pages',
    'series',
    'seriesTitle',
    'seriesText',
    'journalAbbreviation',
    'DOI',
    'citationKey',
    'url',
    'accessDate',
    'ISSN',
    'archive',
    'archiveLocation',
    'shortTitle',
    'language',
    'libraryCatalog',
    'callNumber',
    'rights',
    'extra',
  ],
  conferencePaper: [
    'title',
    'abstractNote',
    'proceedingsTitle',
    'conferenceName',
    'publisher',
    'place',
    'date',
    'eventPlace',
    'volume',
    'issue',
    'numberOfVolumes',
    'pages',
    'series',
    'seriesNumber',
    'DOI',
    'ISBN',
    'citationKey',
    'url',
    'accessDate',
    'ISSN',
    'archive',
    'archiveLocation',
    'shortTitle',
    'language',
    'libraryCatalog',
    'callNumber',
    'rights',
    'extra',
  ],
  webpage: [
    'title',
    'abstractNote',
    'websiteTitle',
    'websiteType',
    'date',
    'publisher',
    'place',
    'citationKey',
    'url',
    'accessDate',
    'shortTitle',
    'language',
    'rights',
    'extra',
  ],
  note: ['note', 'parentItem'],
};
/** Properties every item may have besides its fields. */
const ITEM_PROPERTIES = new Set(['itemType', 'creators', 'tags', 'collections', 'relations', 'key', 'version']);

/** The field of `item` its type does not have, if any (the Web API fails such an item with 400). */
export function invalidField(item: Record<string, unknown>): string | undefined {
  const fields = SCHEMA_FIELDS[String(item.itemType)];
  if (fields === undefined) return `itemType ${String(item.itemType)}`;
  return Object.keys(item).find((name) => !ITEM_PROPERTIES.has(name) && !fields.includes(name));
}

interface Listening {
  server: Server;
  port: number;
  sockets: Set<Socket>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, port = 0): Promise<Listening> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

async function close(listening: Listening): Promise<void> {
  for (const socket of listening.sockets) socket.destroy();
  await new Promise<void>((resolve) => listening.server.close(() => resolve()));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// ---- Connector server

export type ConnectorMode = 'normal' | 'read-only' | 'old' | 'down';

/** One request the connector fake answered (or cut off). */
export interface ConnectorRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number | 'cut off';
}

interface ConnectorEndpoint {
  methods: readonly string[];
  types: readonly string[];
  run(method: string, body: unknown): [number, string?, string?];
}

export interface ZoteroConnectorFake {
  /** `http://127.0.0.1:<port>`, the client's baseUrl. */
  url: string;
  port: number;
  requests: ConnectorRequest[];
  /** What saveItems saved, by session id. */
  sessions: Map<string, { items: Array<Record<string, unknown>>; target: string; tags: string[]; note: string }>;
  setMode(mode: ConnectorMode): Promise<void>;
  close(): Promise<void>;
}

const LIBRARY = { libraryID: 1, libraryName: 'My Library', collection: { id: 5, name: 'To read' } };

export async function startZoteroConnectorFake(): Promise<ZoteroConnectorFake> {
  let mode: ConnectorMode = 'normal';
  const requests: ConnectorRequest[] = [];
  const sessions: ZoteroConnectorFake['sessions'] = new Map();
  const collections = new Set([`L${LIBRARY.libraryID}`, `C${LIBRARY.collection.id}`]);

  const json = (status: number, value: unknown): [number, string, string] => [
    status,
    'application/json',
    JSON.stringify(value),
  ];

  const endpoints: Record<string, ConnectorEndpoint> = {
    '/connector/ping': {
      methods: ['GET', 'POST'],
      types: ['application/json', 'text/plain'],
      run: (method) =>
        method === 'GET'
          ? [200, 'text/html', '<!DOCTYPE html><html><body>Zotero is running</body></html>']
          : json(200, { prefs: { automaticSnapshots: true, downloadAssociatedFiles: true, canUserAddNote: true } }),
    },
    '/connector/getSelectedCollection': {
      methods: ['POST'],
      types: ['application/json'],
      run: () =>
        json(200, {
          libraryID: LIBRARY.libraryID,
          libraryName: LIBRARY.libraryName,
          libraryEditable: mode !== 'read-only',
          filesEditable: true,
          editable: mode !== 'read-only',
          id: LIBRARY.collection.id,
          name: LIBRARY.collection.name,
          targets: [
            { id: `L${LIBRARY.libraryID}`, name: LIBRARY.libraryName, filesEditable: true, level: 0 },
            { id: `C${LIBRARY.collection.id}`, name: LIBRARY.collection.name, filesEditable: true, level: 1 },
          ],
          tags: { [`L${LIBRARY.libraryID}`]: [] },
        }),
    },
    '/connector/saveItems': {
      methods: ['POST'],
      types: ['application/json'],
      run: (_method, body) => {
        const data = body as { sessionID?: string; items?: Array<Record<string, unknown>> };
        const id = data.sessionID ?? `random-${sessions.size}`;
        if (sessions.has(id)) return json(409, { error: 'SESSION_EXISTS' });
        const session = {
          items: [] as Array<Record<string, unknown>>,
          target: `C${LIBRARY.collection.id}`,
          tags: [] as string[],
          note: '',
        };
        sessions.set(id, session);
        if (mode === 'read-only') return json(500, { libraryEditable: false });
        if (!Array.isArray(data.items)) return [500];
        session.items = data.items;
        return [201, 'application/json'];
      },
    },
    '/connector/updateSession': {
      methods: ['POST'],
      types: ['application/json'],
      run: (_method, body) => {
        const data = body as { sessionID?: string; target?: string; tags?: string | string[]; note?: string };
        if (!data.sessionID) return json(400, { error: 'SESSION_ID_NOT_PROVIDED' });
        const session = sessions.get(data.sessionID);
        if (session === undefined) return json(400, { error: 'SESSION_NOT_FOUND' });
        if (typeof data.target !== 'string') return [500];
        if (data.target.startsWith('C') && !collections.has(data.target)) {
          return json(400, { error: 'COLLECTION_NOT_FOUND' });
        }
        const tags = typeof data.tags === 'string' ? data.tags.split(',') : (data.tags ?? []);
        session.target = data.target;
        session.tags = tags.map((tag) => tag.trim()).filter((tag) => tag !== '');
        session.note = data.note ?? '';
        return json(200, {});
      },
    },
    '/connector/findExistingItems': {
      methods: ['POST'],
      types: ['application/json'],
      run: (_method, body) => {
        const identifiers = (body as { identifiers?: { doi?: string[]; url?: string[] } }).identifiers ?? {};
        const dois = new Set((identifiers.doi ?? []).map((doi) => doi.toLowerCase()));
        const urls = new Set(identifiers.url ?? []);
        const matches = [];
        for (const [sessionId, session] of sessions) {
          for (const item of session.items) {
            const matchedFields = [
              ...(typeof item.DOI === 'string' && dois.has(item.DOI.toLowerCase()) ? ['DOI'] : []),
              ...(typeof item.url === 'string' && urls.has(item.url) ? ['url'] : []),
            ];
            if (matchedFields.length > 0) {
              matches.push({ key: `KEY${sessionId.slice(0, 5).toUpperCase()}`, title: item.title, matchedFields });
            }
          }
        }
        return json(200, { matches });
      },
    },
  };

  function reply(res: ServerResponse, request: ConnectorRequest, status: number, type?: string, body?: string) {
    request.status = status;
    res.writeHead(status, {
      'X-Zotero-Version': FAKE_ZOTERO_VERSION,
      'X-Zotero-Connector-API-Version': '3',
      ...(type === undefined ? {} : { 'Content-Type': type }),
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]!;
    const raw = await readBody(req);
    const request: ConnectorRequest = { method: req.method ?? '', path, headers: req.headers, body: raw, status: 0 };
    requests.push(request);
    const host = req.headers.host;
    if (!host || !/^(?:127\.0\.0\.1|\[::1\]|localhost)(?::[0-9]+)?$/i.test(host)) {
      return reply(res, request, 400, 'text/plain', 'Invalid Host header\n');
    }
    const endpoint = mode === 'old' && path === '/connector/findExistingItems' ? undefined : endpoints[path];
    if (endpoint === undefined) return reply(res, request, 404, 'text/plain', 'No endpoint found\n');
    const method = req.method ?? '';
    if (method === 'POST' && !/^\d+$/.test(req.headers['content-length'] ?? '')) {
      return reply(res, request, 400, 'text/plain', 'Content-length not provided\n');
    }
    if (!endpoint.methods.includes(method)) {
      return reply(res, request, 400, 'text/plain', 'Endpoint does not support method\n');
    }
    const isBrowser = (req.headers['user-agent'] ?? '').startsWith('Mozilla/') || 'origin' in req.headers;
    if (isBrowser && !req.headers['x-zotero-connector-api-version'] && !req.headers['zotero-allowed-request']) {
      request.status = 'cut off';
      res.socket?.destroy();
      return;
    }
    let body: unknown = null;
    const contentType = (req.headers['content-type'] ?? '').split(/\s*;/)[0]!;
    if (method === 'POST' && contentType !== '') {
      if (!endpoint.types.includes(contentType)) {
        return reply(res, request, 400, 'text/plain', 'Endpoint does not support content-type\n');
      }
      if (contentType === 'application/json') {
        try {
          body = JSON.parse(raw);
        } catch {
          return reply(res, request, 400, 'text/plain', 'Invalid JSON provided\n');
        }
      }
    }
    request.body = body;
    // No Content-Type: Zotero hands the endpoint no data, and the endpoint fails on it.
    if (method === 'POST' && body === null) return reply(res, request, 500);
    const [status, type, text] = endpoint.run(method, body);
    return reply(res, request, status, type, text);
  }

  let listening = await listen((req, res) => void handle(req, res));
  const port = listening.port;
  const fake: ZoteroConnectorFake = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    sessions,
    async setMode(next) {
      if (next === 'down' && mode !== 'down') await close(listening);
      // Back on the same port, as Zotero comes back on 23119.
      if (next !== 'down' && mode === 'down') listening = await listen((req, res) => void handle(req, res), port);
      mode = next;
    },
    async close() {
      if (mode !== 'down') await close(listening);
    },
  };
  return fake;
}

// ---- Web API

export interface WebApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number | 'dropped';
}

/** A fault the Web API fake applies to the next matching request. */
export type WebApiFault =
  | { kind: 'status'; status: 429 | 503; retryAfter?: number }
  | { kind: 'backoff'; seconds: number }
  /** The write is done, but the connection closes before the reply. */
  | { kind: 'drop-reply' };

export interface ZoteroWebApiFake {
  url: string;
  apiKey: string;
  userId: number;
  requests: WebApiRequest[];
  /** The library: item key → the item as the API returns it. */
  library: Map<string, { key: string; version: number; data: Record<string, unknown> }>;
  libraryVersion(): number;
  /** Queues faults, applied one per request, in order. */
  fault(...faults: WebApiFault[]): void;
  /** Adds an item as if made in Zotero (bumps the library version); returns its key. */
  addItem(data: Record<string, unknown>): string;
  deleteItem(key: string): void;
  close(): Promise<void>;
}

const KEY_CHARS = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ';

export async function startZoteroWebApiFake(
  options: { apiKey?: string; userId?: number; readOnlyKey?: string } = {},
): Promise<ZoteroWebApiFake> {
  const apiKey = options.apiKey ?? 'P9NiFoyLeZu2bZNvvuQPDWsd';
  const userId = options.userId ?? 475425;
  const requests: WebApiRequest[] = [];
  const library: ZoteroWebApiFake['library'] = new Map();
  const deletedAt = new Map<string, number>();
  const usedTokens = new Set<string>();
  const faults: WebApiFault[] = [];
  let version = 0;
  let counter = 0;

  /** Keys as Zotero writes them: 8 characters of KEY_CHARS, one new key per item. */
  const newKey = () => {
    counter += 1;
    let n = counter;
    let key = '';
    for (let i = 0; i < 8; i += 1) {
      key = KEY_CHARS[n % KEY_CHARS.length] + key;
      n = Math.floor(n / KEY_CHARS.length);
    }
    return key;
  };

  function store(data: Record<string, unknown>): string {
    const key = newKey();
    version += 1;
    library.set(key, { key, version, data: { ...data, key, version } });
    return key;
  }

  function send(res: ServerResponse, request: WebApiRequest, status: number, body?: unknown, headers = {}) {
    request.status = status;
    res.writeHead(status, {
      'Zotero-API-Version': '3',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const request: WebApiRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: raw === '' ? undefined : raw,
      status: 0,
    };
    requests.push(request);
    const fault = faults.shift();
    const extraHeaders: Record<string, string> = {};
    if (fault?.kind === 'status') {
      return send(
        res,
        request,
        fault.status,
        undefined,
        fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) },
      );
    }
    if (fault?.kind === 'backoff') extraHeaders.Backoff = String(fault.seconds);
    const key = req.headers['zotero-api-key'];
    if (key !== apiKey && key !== options.readOnlyKey) return send(res, request, 403, undefined, extraHeaders);

    if (url.pathname === '/keys/current' && req.method === 'GET') {
      return send(
        res,
        request,
        200,
        {
          key,
          userID: userId,
          username: 'dogear-tester',
          displayName: '',
          access: { user: { library: true, files: true, notes: true, write: key === apiKey } },
        },
        extraHeaders,
      );
    }
    const match = /^\/users\/(\d+)\/(items|deleted)$/.exec(url.pathname);
    if (!match || Number(match[1]) !== userId) return send(res, request, 404, undefined, extraHeaders);
    const versionHeader = () => ({ ...extraHeaders, 'Last-Modified-Version': String(version) });

    if (match[2] === 'deleted' && req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? 0);
      const items = [...deletedAt].filter(([, at]) => at > since).map(([itemKey]) => itemKey);
      return send(res, request, 200, { collections: [], searches: [], items, tags: [], settings: [] }, versionHeader());
    }
    if (req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? 0);
      const itemKeys = url.searchParams.get('itemKey');
      let found = [...library.values()].filter((item) => item.version > since);
      if (itemKeys !== null) {
        const wanted = itemKeys.split(',');
        if (wanted.length > 50) return send(res, request, 400, undefined, extraHeaders);
        found = found.filter((item) => wanted.includes(item.key));
      }
      if (url.searchParams.get('format') === 'versions') {
        return send(
          res,
          request,
          200,
          Object.fromEntries(found.map((item) => [item.key, item.version])),
          versionHeader(),
        );
      }
      return send(
        res,
        request,
        200,
        found.map((item) => ({ key: item.key, version: item.version, data: item.data })),
        versionHeader(),
      );
    }
    if (req.method !== 'POST') return send(res, request, 405, undefined, extraHeaders);
    if (key !== apiKey) return send(res, request, 403, undefined, extraHeaders);
    const token = req.headers['zotero-write-token'];
    if (typeof token === 'string') {
      if (token.length < 5 || token.length > 32) return send(res, request, 400, undefined, extraHeaders);
      if (usedTokens.has(token)) return send(res, request, 412, undefined, extraHeaders);
    }
    let items: unknown;
    try {
      items = JSON.parse(raw);
    } catch {
      return send(res, request, 400, undefined, extraHeaders);
    }
    request.body = items;
    if (!Array.isArray(items)) return send(res, request, 400, undefined, extraHeaders);
    if (items.length > 50) return send(res, request, 413, undefined, extraHeaders);
    const reply = {
      successful: {} as Record<string, unknown>,
      success: {} as Record<string, string>,
      unchanged: {},
      failed: {} as Record<string, unknown>,
    };
    items.forEach((item: Record<string, unknown>, index) => {
      const invalid = invalidField(item);
      if (invalid !== undefined) {
        reply.failed[index] = {
          key: '',
          code: 400,
          message: `'${invalid}' is not a valid field for type '${String(item.itemType)}'`,
        };
        return;
      }
      if (item.itemType === 'note' && !library.has(String(item.parentItem))) {
        reply.failed[index] = { key: '', code: 400, message: `Parent item ${String(item.parentItem)} not found` };
        return;
      }
      const itemKey = store(item);
      const stored = library.get(itemKey)!;
      reply.successful[index] = { key: itemKey, version: stored.version, data: stored.data };
      reply.success[index] = itemKey;
    });
    if (typeof token === 'string') usedTokens.add(token);
    if (fault?.kind === 'drop-reply') {
      request.status = 'dropped';
      res.socket?.destroy();
      return;
    }
    return send(res, request, 200, reply, versionHeader());
  }

  const listening = await listen((req, res) => void handle(req, res));
  return {
    url: `http://127.0.0.1:${listening.port}`,
    apiKey,
    userId,
    requests,
    library,
    libraryVersion: () => version,
    fault: (...next) => faults.push(...next),
    addItem: (data) => store(data),
    deleteItem(itemKey) {
      if (!library.delete(itemKey)) return;
      version += 1;
      deletedAt.set(itemKey, version);
    },
    close: () => close(listening),
  };
}
