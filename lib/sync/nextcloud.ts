/**
 * Nextcloud Login Flow v2: how Dogear gets an app password without ever seeing the user's own. Dogear POSTs to
 * `<server>/index.php/login/v2`, opens the returned login URL in a tab, and polls the returned endpoint until the user
 * has granted access; the answer names the server, the login name and a fresh app password, which the WebDAV client
 * (lib/sync/webdav.ts) then uses at `nextcloudDavUrl`. The reply shapes are Nextcloud's documented ones
 * (https://docs.nextcloud.com/server/latest/developer_manual/client_apis/LoginFlow/index.html#login-flow-v2).
 *
 * Errors are the WebDAV client's DavError, so the settings page words every sync failure the same way.
 */
import { z } from '../zod.ts';
import { DavError } from './webdav.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

const HttpUrlSchema = z.url({ protocol: /^https?$/ });

const StartReplySchema = z.object({
  poll: z.object({ token: z.string().min(1), endpoint: HttpUrlSchema }),
  login: HttpUrlSchema,
});

const PollReplySchema = z.object({
  server: HttpUrlSchema,
  loginName: z.string().min(1),
  appPassword: z.string().min(1),
});

export interface LoginPoll {
  token: string;
  endpoint: string;
}

export interface LoginStart {
  /** Open this in a tab: the user logs in there and grants Dogear access. */
  loginUrl: string;
  poll: LoginPoll;
}

export interface LoginGrant {
  /** Without a trailing slash. */
  server: string;
  loginName: string;
  appPassword: string;
}

export interface NextcloudOptions {
  /** For each request, its body included. Default 30000. */
  timeoutMs?: number;
}

/**
 * The server's base URL as the user may type it: `cloud.example`, `https://cloud.example/`, or a link into the web
 * interface (`…/index.php/apps/files`). An address without a scheme gets https.
 */
export function normalizeServer(server: string): string {
  let text = server.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DavError('bad-response', `not a server address: ${server.slice(0, 200)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DavError('bad-response', `not an http(s) address: ${server.slice(0, 200)}`);
  }
  const path = url.pathname.replace(/\/index\.php(\/.*)?$/, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/** The WebDAV folder of a Nextcloud user's files. */
export function nextcloudDavUrl(server: string, loginName: string): string {
  return `${normalizeServer(server)}/remote.php/dav/files/${encodeURIComponent(loginName)}/`;
}

/** Starts a login: the URL to open for the user, and what `pollLogin` needs. */
export async function startLogin(
  server: string,
  fetcher: typeof fetch,
  options: NextcloudOptions = {},
): Promise<LoginStart> {
  const url = `${normalizeServer(server)}/index.php/login/v2`;
  const reply = await post(fetcher, url, undefined, options, (status) =>
    // Not a Nextcloud (or one too old for Login Flow v2, before Nextcloud 16).
    status === 404 ? new DavError('not-found', `${url}: no Nextcloud login here (404)`, 404) : undefined,
  );
  const parsed = StartReplySchema.safeParse(reply);
  if (!parsed.success) throw new DavError('bad-response', `${url}: not a Nextcloud login reply`);
  return { loginUrl: parsed.data.login, poll: { token: parsed.data.poll.token, endpoint: parsed.data.poll.endpoint } };
}

/** Asks once whether the user has granted access: undefined while not yet (Nextcloud answers 404 until then). */
export async function pollLogin(
  poll: LoginPoll,
  fetcher: typeof fetch,
  options: NextcloudOptions = {},
): Promise<LoginGrant | undefined> {
  const reply = await post(fetcher, poll.endpoint, `token=${encodeURIComponent(poll.token)}`, options, (status) =>
    status === 404 ? null : undefined,
  );
  if (reply === null) return undefined;
  const parsed = PollReplySchema.safeParse(reply);
  if (!parsed.success) throw new DavError('bad-response', `${poll.endpoint}: not a Nextcloud login grant`);
  return {
    server: normalizeServer(parsed.data.server),
    loginName: parsed.data.loginName,
    appPassword: parsed.data.appPassword,
  };
}

/**
 * POSTs and returns the JSON reply of a 200; `special` may turn another status into a value (null) or an error; any
 * other status is a DavError of its kind.
 */
async function post(
  fetcher: typeof fetch,
  url: string,
  form: string | undefined,
  options: NextcloudOptions,
  special: (status: number) => DavError | null | undefined,
): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetcher(url, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        ...(form === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { body: form }),
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
    text = await response.text();
  } catch (error) {
    const why = controller.signal.aborted ? `no answer in ${timeoutMs} ms` : String(error);
    throw new DavError('unreachable', `POST ${url}: ${why}`, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (response.status !== 200) {
    const handled = special(response.status);
    if (handled === null) return null;
    if (handled) throw handled;
    const kind = response.status === 403 ? 'forbidden' : response.status >= 500 ? 'server' : 'bad-response';
    throw new DavError(kind, `POST ${url}: unexpected answer (${response.status})`, response.status);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DavError('bad-response', `POST ${url}: the answer is not JSON`);
  }
}
