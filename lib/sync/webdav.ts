/**
 * A WebDAV client over a given fetch: the transport the sync engine reads and writes the server's files with. Pure: the
 * fetch comes in as a parameter (the service worker's, or node's in tests), so the same code runs in both.
 *
 * Conditional requests are what make a shared folder safe without lock files: `create` sends `If-None-Match: *` (a
 * second writer of the same name gets 412 → 'exists'), `replace` sends `If-Match` (someone wrote in between → 412 →
 * 'stale'). `probe` checks that the server really honours them; some do not (rclone's and npm webdav-server's WebDAV
 * ignore both headers), and the engine must not trust its concurrency rules to such a server.
 *
 * Apache mod_dav_fs quirks, seen with the test server (tests/support/webdav-server.ts):
 *
 * - For about a second after a write, the ETag it reports is weak (`W/"…"`), and `If-Match` with a weak ETag never
 *   matches (a precondition uses strong comparison), so `replace` answers 'stale'. The caller treats that like any
 *   other 'stale': re-read (`get` or `list` give the ETag to use), re-merge, retry later; `isWeakEtag` tells it why.
 * - A PUT's response carries no ETag: the ETag of what was just written comes from the next `get` or `list`.
 * - The preconditions are checked before the upload and nothing is locked until the file is in place, so two requests
 *   that arrive together can both pass (tests/unit/sync/webdav.test.ts measures it): 'exists' and 'stale' are reliable,
 *   'created' and 'replaced' are not proof that nobody else wrote at the same moment. A file that several devices may
 *   write must be re-read later and checked, not trusted from the status alone.
 *
 * A response cut short (dropped connection, timeout, a body shorter than its Content-Length) is an error, never a short
 * file: a short file would be read as a truncated change batch.
 */
export type DavErrorKind = 'auth' | 'forbidden' | 'unreachable' | 'not-found' | 'no-space' | 'server' | 'bad-response';

export class DavError extends Error {
  readonly kind: DavErrorKind;
  readonly status?: number;

  constructor(kind: DavErrorKind, message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DavError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

export interface DavEntry {
  /** The last path segment, decoded. */
  name: string;
  /** Relative to the client's root, decoded; a folder's ends with '/'. */
  path: string;
  isDir: boolean;
  /** Verbatim as the server sent it (quotes and any `W/` included): what `replace` wants. */
  etag?: string;
  size?: number;
}

export interface WebDavOptions {
  /** The folder Dogear may use, e.g. https://cloud.example/remote.php/dav/files/alice/ */
  url: string;
  user: string;
  password: string;
  fetch: typeof fetch;
  /** For each request, its body included. Default 30000. */
  timeoutMs?: number;
}

export interface WebDav {
  /** The normalized url, ending in '/'. */
  readonly root: string;
  /** The children of a folder (not the folder itself); undefined when the folder does not exist. */
  list(path: string): Promise<DavEntry[] | undefined>;
  /** A file's bytes and ETag; undefined when it does not exist. */
  get(path: string): Promise<{ bytes: Uint8Array; etag?: string } | undefined>;
  /** Writes a file that must not exist yet: 'exists' when it does (someone else created it first). */
  create(path: string, bytes: Uint8Array): Promise<'created' | 'exists'>;
  /**
   * Overwrites a file only if it still has `etag` (or, with `etag` undefined, only if it does not exist): 'stale' when
   * it changed, was removed, or the ETag was weak (see above).
   */
  replace(path: string, bytes: Uint8Array, etag: string | undefined): Promise<'replaced' | 'stale'>;
  /** Removes a file or folder; a missing one is fine. */
  remove(path: string): Promise<void>;
  /** Creates a folder and any missing parents; an existing one is fine. */
  makeFolder(path: string): Promise<void>;
  /** Whether the server honours If-None-Match and If-Match (writes and removes a file under `.dogear-probe/`). */
  probe(): Promise<{ conditional: boolean }>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const PROBE_FOLDER = '.dogear-probe/';

/** A weak ETag never satisfies If-Match; Apache hands them out for about a second after a write. */
export function isWeakEtag(etag: string): boolean {
  return etag.startsWith('W/');
}

export function createWebDav(options: WebDavOptions): WebDav {
  const root = options.url.endsWith('/') ? options.url : `${options.url}/`;
  let rootUrl: URL;
  try {
    rootUrl = new URL(root);
  } catch {
    throw new DavError('bad-response', `not a URL: ${root.slice(0, 200)}`);
  }
  if (rootUrl.protocol !== 'https:' && rootUrl.protocol !== 'http:') {
    throw new DavError('bad-response', `not an http(s) URL: ${root.slice(0, 200)}`);
  }
  const authorization = `Basic ${base64(new TextEncoder().encode(`${options.user}:${options.password}`))}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const rootPath = decodePath(rootUrl.pathname);

  /**
   * One request: the timeout covers the body too, and every error of the network or of reading the body becomes
   * 'unreachable'. `read` consumes the response (or cancels its body) before the timer stops.
   */
  async function send<T>(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Uint8Array | string },
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const url = root + encodePath(path);
    const request: RequestInit = {
      method,
      headers: { Authorization: authorization, ...init.headers },
      // A Uint8Array is a valid body for every fetch; TypeScript's BodyInit wants an ArrayBuffer-backed one.
      body: init.body as BodyInit | undefined,
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    };
    try {
      let response: Response;
      try {
        response = await options.fetch(url, request);
      } catch (error) {
        // A read that failed before any answer goes out once more, on a new connection: the server closes a keep-alive
        // connection left idle (Apache after 5 s) while this side was busy, say decoding a large snapshot, and node's
        // fetch, unlike a browser's, does not resend on it. Writes are not resent: what a lost write means is the
        // caller's to decide (a replaced HEAD.json whose answer was lost must not be taken for a 412).
        if (controller.signal.aborted || (method !== 'GET' && method !== 'PROPFIND')) throw error;
        response = await options.fetch(url, request);
      }
      return await read(response);
    } catch (error) {
      if (error instanceof DavError) throw error;
      const why = controller.signal.aborted ? `no answer in ${timeoutMs} ms` : String(error);
      throw new DavError('unreachable', `${method} ${url}: ${why}`, undefined, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async function discard(response: Response): Promise<void> {
    // An unread body holds the connection open in node's fetch.
    await response.body?.cancel().catch(() => undefined);
  }

  async function fail(method: string, path: string, response: Response): Promise<never> {
    await discard(response);
    throw statusError(`${method} ${root}${encodePath(path)}`, response.status);
  }

  async function readBytes(response: Response): Promise<Uint8Array> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const length = response.headers.get('content-length');
    const encoding = response.headers.get('content-encoding');
    // With a content encoding, Content-Length counts the encoded bytes, and fetch hands over the decoded ones.
    if (length !== null && (encoding === null || encoding === 'identity') && Number(length) !== bytes.length) {
      throw new DavError('unreachable', `the answer was cut short: ${bytes.length} of ${length} bytes`);
    }
    return bytes;
  }

  async function list(path: string): Promise<DavEntry[] | undefined> {
    const folder = asFolder(path);
    return send(
      'PROPFIND',
      folder,
      {
        headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
        body: PROPFIND_BODY,
      },
      async (response) => {
        if (response.status === 404) return discard(response).then(() => undefined);
        if (response.status !== 207) return fail('PROPFIND', folder, response);
        const text = new TextDecoder().decode(await readBytes(response));
        const self = rootPath + folder;
        return parseMultistatus(text, rootUrl)
          .filter((entry) => trimSlash(entry.href) !== trimSlash(self))
          .map((entry) => {
            const name = lastSegment(entry.href);
            const relative = entry.href.startsWith(rootPath) ? entry.href.slice(rootPath.length) : folder + name;
            const out: DavEntry = { name, path: trimSlash(relative) + (entry.isDir ? '/' : ''), isDir: entry.isDir };
            if (entry.etag !== undefined) out.etag = entry.etag;
            if (entry.size !== undefined) out.size = entry.size;
            return out;
          });
      },
    );
  }

  async function get(path: string): Promise<{ bytes: Uint8Array; etag?: string } | undefined> {
    return send('GET', path, {}, async (response) => {
      if (response.status === 404) return discard(response).then(() => undefined);
      if (response.status !== 200) return fail('GET', path, response);
      const bytes = await readBytes(response);
      const etag = response.headers.get('etag');
      return etag === null ? { bytes } : { bytes, etag };
    });
  }

  async function put(path: string, bytes: Uint8Array, condition: Record<string, string>): Promise<number> {
    return send(
      'PUT',
      path,
      { headers: { 'Content-Type': 'application/octet-stream', ...condition }, body: bytes },
      async (response) => {
        await discard(response);
        if (response.status === 412 || (response.status >= 200 && response.status < 300)) return response.status;
        // A missing parent folder (RFC 4918 §9.7.1).
        if (response.status === 409)
          throw new DavError('not-found', `PUT ${root}${encodePath(path)}: no such folder`, 409);
        return fail('PUT', path, response);
      },
    );
  }

  async function create(path: string, bytes: Uint8Array): Promise<'created' | 'exists'> {
    return (await put(path, bytes, { 'If-None-Match': '*' })) === 412 ? 'exists' : 'created';
  }

  async function replace(path: string, bytes: Uint8Array, etag: string | undefined): Promise<'replaced' | 'stale'> {
    const condition: Record<string, string> = etag === undefined ? { 'If-None-Match': '*' } : { 'If-Match': etag };
    try {
      return (await put(path, bytes, condition)) === 412 ? 'stale' : 'replaced';
    } catch (error) {
      // Apache answers 412 for If-Match on a file removed meanwhile; a server that says 404 means the same.
      if (etag !== undefined && error instanceof DavError && error.status === 404) return 'stale';
      throw error;
    }
  }

  async function remove(path: string): Promise<void> {
    await send('DELETE', path, {}, async (response) => {
      if (response.status === 404 || (response.status >= 200 && response.status < 300)) return discard(response);
      return fail('DELETE', path, response);
    });
  }

  /** 'missing-parent' on 409, so `makeFolder` can create the parents. */
  async function mkcol(folder: string): Promise<'done' | 'missing-parent'> {
    return send('MKCOL', folder, {}, async (response) => {
      await discard(response);
      // 405: something already has that name (a folder, as far as Dogear's own layout goes).
      if (response.status === 201 || response.status === 405) return 'done';
      if (response.status === 409) return 'missing-parent';
      // Apache answers 403 to the loser of two MKCOLs racing for one name (its mkdir fails with EEXIST): two devices
      // syncing for the first time at once, or compacting at once. The folder being there is all that was asked.
      if (response.status === 403 && (await list(folder)) !== undefined) return 'done';
      return fail('MKCOL', folder, response);
    });
  }

  async function makeFolder(path: string): Promise<void> {
    const folder = asFolder(path);
    if (folder === '') return;
    if ((await mkcol(folder)) === 'done') return;
    const parent = folder.slice(0, folder.slice(0, -1).lastIndexOf('/') + 1);
    await makeFolder(parent);
    if ((await mkcol(folder)) === 'missing-parent') {
      throw new DavError('bad-response', `MKCOL ${root}${encodePath(folder)}: parent missing right after creating it`);
    }
  }

  async function probe(): Promise<{ conditional: boolean }> {
    // A folder of each probe's own: devices probing at once (their first syncs) would otherwise remove the shared folder
    // under each other's PUT (409). Math.random only keeps them apart; nothing depends on it being unpredictable.
    const folder = `${PROBE_FOLDER.slice(0, -1)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}/`;
    await makeFolder(folder);
    const file = `${folder}probe`;
    const bytes = new TextEncoder().encode('Dogear checks that this server honours If-None-Match and If-Match.\n');
    try {
      if ((await create(file, bytes)) !== 'created') return { conditional: false };
      if ((await create(file, bytes)) !== 'exists') return { conditional: false };
      if ((await replace(file, bytes, '"dogear-no-such-etag"')) !== 'stale') return { conditional: false };
      return { conditional: true };
    } finally {
      await remove(file);
      await remove(folder);
    }
  }

  return { root, list, get, create, replace, remove, makeFolder, probe };
}

function statusError(what: string, status: number): DavError {
  if (status === 401) return new DavError('auth', `${what}: wrong user name or password (401)`, status);
  if (status === 403) return new DavError('forbidden', `${what}: not allowed (403)`, status);
  if (status === 404) return new DavError('not-found', `${what}: not found (404)`, status);
  if (status === 507) return new DavError('no-space', `${what}: no space left on the server (507)`, status);
  if (status >= 500) return new DavError('server', `${what}: server error (${status})`, status);
  return new DavError('bad-response', `${what}: unexpected answer (${status})`, status);
}

const PROPFIND_BODY = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getetag/><d:getcontentlength/></d:prop></d:propfind>`;

/** Each path segment percent-encoded (a '/' inside a name cannot occur: it separates segments). */
function encodePath(path: string): string {
  return path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
}

function decodePath(path: string): string {
  try {
    return path.split('/').map(decodeURIComponent).join('/');
  } catch {
    throw new DavError('bad-response', `a path that is not percent-encoded UTF-8: ${path.slice(0, 200)}`);
  }
}

function asFolder(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function trimSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function lastSegment(path: string): string {
  const trimmed = trimSlash(path);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export interface MultistatusEntry {
  /** The decoded path on the server, from its root. */
  href: string;
  isDir: boolean;
  etag?: string;
  size?: number;
}

/** The entries of a 207 Multi-Status answer, each with the properties of its 2xx propstats. */
export function parseMultistatus(xml: string, base: URL): MultistatusEntry[] {
  const root = parseXml(xml);
  if (root.name !== 'multistatus') throw new DavError('bad-response', "the server's listing is not a multistatus");
  return children(root, 'response').map((response) => {
    const href = children(response, 'href')[0]?.text.trim();
    if (!href) throw new DavError('bad-response', 'an entry of the listing has no href');
    let pathname: string;
    try {
      pathname = new URL(href, base).pathname;
    } catch {
      throw new DavError('bad-response', `an entry of the listing has a bad href: ${href.slice(0, 200)}`);
    }
    const entry: MultistatusEntry = { href: decodePath(pathname), isDir: false };
    for (const propstat of children(response, 'propstat')) {
      const status = children(propstat, 'status')[0]?.text.trim();
      if (status !== undefined && !/^HTTP\/\S+\s+2\d\d/.test(status)) continue;
      for (const prop of children(propstat, 'prop')) {
        for (const type of children(prop, 'resourcetype')) {
          if (children(type, 'collection').length > 0) entry.isDir = true;
        }
        const etag = children(prop, 'getetag')[0]?.text.trim();
        if (etag) entry.etag = etag;
        const size = children(prop, 'getcontentlength')[0]?.text.trim();
        if (size !== undefined && /^\d+$/.test(size)) entry.size = Number(size);
      }
    }
    if (entry.isDir && !entry.href.endsWith('/')) entry.href += '/';
    return entry;
  });
}

/**
 * An element of the DAV: namespace (its local name; elements of other namespaces keep `ns` and are never matched), its
 * child elements and its text.
 */
interface XmlElement {
  name: string;
  ns: string | undefined;
  children: XmlElement[];
  text: string;
}

function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.ns === 'DAV:' && child.name === name);
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * A small XML reader for the one document WebDAV answers with: elements, their namespaces (servers choose their own
 * prefixes: `D:`, `d:`, `lp1:`, a default namespace), text and CDATA, the five entities and character references.
 * Comments, processing instructions and a DOCTYPE are skipped; anything not well-formed is a bad-response. A library
 * would do the same at about 80 KB minified in the extension; DOMParser is not there in the service worker.
 */
function parseXml(xml: string): XmlElement {
  const bad = (why: string) => new DavError('bad-response', `the server's listing is not XML: ${why}`);
  const document: XmlElement = { name: '', ns: undefined, children: [], text: '' };
  const stack: { element: XmlElement; qname: string; scope: Map<string, string> }[] = [
    { element: document, qname: '', scope: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) },
  ];
  for (const match of xml.matchAll(TOKEN)) {
    const [token, cdata, closing, qname, attributes, selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      if (top.element === document) {
        if (text.trim() !== '') throw bad('text outside the root element');
        continue;
      }
      top.element.text += decodeEntities(text, bad);
    } else if (cdata !== undefined) {
      top.element.text += cdata;
    } else if (qname !== undefined) {
      if (closing) {
        if (top.qname !== qname || attributes || selfClosing) throw bad(`</${qname}> does not close <${top.qname}>`);
        stack.pop();
        continue;
      }
      if (top.element === document && document.children.length > 0) throw bad('more than one root element');
      const scope = new Map(top.scope);
      for (const [, attribute, double, single] of (attributes ?? '').matchAll(ATTRIBUTE)) {
        const value = decodeEntities(double ?? single ?? '', bad);
        if (attribute === 'xmlns') scope.set('', value);
        else if (attribute!.startsWith('xmlns:')) scope.set(attribute!.slice('xmlns:'.length), value);
      }
      const colon = qname.indexOf(':');
      const prefix = colon === -1 ? '' : qname.slice(0, colon);
      const element: XmlElement = { name: qname.slice(colon + 1), ns: scope.get(prefix), children: [], text: '' };
      if (prefix !== '' && element.ns === undefined) throw bad(`undeclared prefix ${prefix}:`);
      top.element.children.push(element);
      if (!selfClosing) stack.push({ element, qname, scope });
    } else if (token === '<') {
      throw bad('a stray <');
    }
  }
  if (stack.length !== 1) throw bad(`<${stack[stack.length - 1]!.qname}> is never closed`);
  const root = document.children[0];
  if (!root) throw bad('no element');
  if (root.ns !== 'DAV:') throw bad(`the root element is not DAV: but ${root.ns ?? 'no namespace'}`);
  return root;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string, bad: (why: string) => DavError): string {
  return text.replace(/&([^;\s&]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw bad('a bare &');
    const code = /^#x([0-9a-f]+)$/i.exec(name)?.[1] ?? /^#(\d+)$/.exec(name)?.[1];
    if (code !== undefined) {
      const point = name.startsWith('#x') || name.startsWith('#X') ? parseInt(code, 16) : Number(code);
      if (point > 0x10ffff) throw bad(`no such character: &${name};`);
      return String.fromCodePoint(point);
    }
    const entity = ENTITIES[name];
    if (entity === undefined) throw bad(`unknown entity &${name};`);
    return entity;
  });
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64, for the Basic credentials (btoa is a browser global the pure layer does without). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : BASE64[c & 63]!;
  }
  return out;
}
