/**
 * The message protocol between content scripts, extension pages and the background. Every message is parsed with a
 * strict zod schema on arrival: content scripts run in pages we do not control, so their messages are untrusted input.
 *
 * Content scripts may look up states (in batches of at most MAX_LOOKUP_KEYS), save and unsave, record sightings and
 * opens, open a paper, and undo their own bulk actions. Replies carry state flags only, never notes or tags. Where a
 * paper was met or saved from (its Source) is never taken from the message: the background derives it from the sender
 * (sourceFromSender), so a page cannot make Dogear store another site or address. Writing notes and tags is privileged:
 * only extension pages (the note editor frame, popup, library) may do it. A content script may ask to send a paper to
 * the user's Zotero: the background decides where and how (lib/app/zotero/service.ts), and answers in words only.
 */
import { arxivIdOfKey } from './paper/ids.ts';
import { huggingFacePaperUrl, paperPageUrl } from './paper/links.ts';
import {
  PAPER_LIMITS,
  PaperCandidateSchema,
  PaperKeySchema,
  type Source,
  SourceSchema,
  sourceUrl,
} from './paper/model.ts';
import type { PaperState } from './paper/state.ts';
import { adapter as huggingface } from './sites/huggingface/adapter.ts';
import { DIGEST_SITES, GENERIC_SITE } from './sites/labels.ts';
import { findAdapter } from './sites/registry.ts';
import { z } from './zod.ts';

/** arXiv's largest page (`show=2000`) fits in one lookup; a larger page is looked up in batches of this many keys. */
export const MAX_LOOKUP_KEYS = 2000;

/** Names one bulk action of a listing page (a random UUID from the content script), so it can be undone. */
export const MarkIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const TagSchema = z
  .string()
  .transform((tag) => tag.trim())
  .pipe(z.string().min(1).max(PAPER_LIMITS.tag));
const PapersSchema = z.array(PaperCandidateSchema).min(1).max(MAX_LOOKUP_KEYS);
/**
 * Where the papers of a sourced request were met, as Dogear's digest page states it (a mail has no address the runtime
 * could report). Refused from anything but that page: a content script's source comes from its sender alone.
 */
const FromSchema = SourceSchema.refine((source) => DIGEST_SITES.has(source.site), {
  message: 'not a digest source',
}).optional();

export const RequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lookup'), keys: z.array(PaperKeySchema).max(MAX_LOOKUP_KEYS) }),
  z.strictObject({ type: z.literal('save'), paper: PaperCandidateSchema, from: FromSchema }),
  /** "Save selected" / "Save all new": undoable with `undo {markId}`. */
  z.strictObject({ type: z.literal('saveMany'), papers: PapersSchema, markId: MarkIdSchema, from: FromSchema }),
  z.strictObject({ type: z.literal('unsave'), key: PaperKeySchema }),
  /**
   * Records a sighting of each paper (creating its record when new). `markId` is set for an explicit "mark seen" action
   * (page bar, keyboard) so it can be undone with `undo {markId}`; dwell-based sightings have none.
   */
  z.strictObject({
    type: z.literal('markSeen'),
    papers: PapersSchema,
    markId: MarkIdSchema.optional(),
    from: FromSchema,
  }),
  /** Puts back exactly what the bulk action `markId` (saveMany, markSeen with markId) changed. */
  z.strictObject({ type: z.literal('undo'), markId: MarkIdSchema }),
  /** The user followed the paper's own link on the listing (the browser opens it): records the open. */
  z.strictObject({ type: z.literal('markOpened'), paper: PaperCandidateSchema, from: FromSchema }),
  /** Opens the paper in a background tab, on the site of the sender's listing, and records the open. */
  z.strictObject({ type: z.literal('openPaper'), paper: PaperCandidateSchema, from: FromSchema }),
  /** Records the paper as met (as markSeen) and sends it to the user's Zotero; the reply says what happened. */
  z.strictObject({ type: z.literal('sendToZotero'), paper: PaperCandidateSchema, from: FromSchema }),
  // Privileged (extension pages only):
  /** The note editor frame reads through the background: a frame on another site may be denied the database. */
  z.strictObject({ type: z.literal('getNote'), key: PaperKeySchema }),
  z.strictObject({ type: z.literal('setNote'), key: PaperKeySchema, note: z.string().max(PAPER_LIMITS.note) }),
  z.strictObject({ type: z.literal('setTags'), key: PaperKeySchema, tags: z.array(TagSchema).max(PAPER_LIMITS.tags) }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

/** Requests a content script may never make, whatever it claims. */
export const PRIVILEGED: ReadonlySet<RequestType> = new Set(['getNote', 'setNote', 'setTags']);

/** Requests that record where a paper was met: only a listing page's content script may send them (sourceFromSender). */
export type SourcedType = 'save' | 'saveMany' | 'markSeen' | 'markOpened' | 'openPaper' | 'sendToZotero';
export const SOURCED: ReadonlySet<RequestType> = new Set<SourcedType>([
  'save',
  'saveMany',
  'markSeen',
  'markOpened',
  'openPaper',
  'sendToZotero',
]);

/** What the note editor shows: only ever sent to extension pages. */
export interface NoteView {
  key: string;
  title: string;
  note: string;
  tags: string[];
}

/** What a send to Zotero did, in words for the row and the page bar ("Sent to Zotero (My Library)"). */
export interface ZoteroReply {
  ok: boolean;
  message: string;
}

export type Response =
  | { ok: true; states: Record<string, PaperState>; note?: NoteView; zotero?: ZoteroReply }
  | { ok: false; error: string };

/** Background → tabs: these papers changed; look them up again. */
export const ChangedSchema = z.strictObject({
  type: z.literal('changed'),
  keys: z.array(PaperKeySchema).max(MAX_LOOKUP_KEYS),
});
export type Changed = z.infer<typeof ChangedSchema>;

/** The part of a sender's `tabs.Tab` the background relies on. */
export interface SenderTab {
  id?: number;
  index?: number;
  windowId?: number;
  url?: string;
}

/** The part of `runtime.MessageSender` the background relies on. */
export interface Sender {
  id?: string;
  tab?: SenderTab;
  url?: string;
}

/** Where a sourced request came from, as dispatch derived it from the sender: the listing, and the tab showing it. */
export interface Origin {
  source: Source;
  tab?: SenderTab;
}

/** Whether generic mode may record papers from this page: the user started it on the tab, or on the whole origin. */
export type GenericCheck = (url: URL, tabId: number | undefined) => Promise<boolean>;

/**
 * The Source of a content script's request, from its sender: the frame's URL (`sender.url`, else the tab's), which must
 * be an http(s) page a site adapter recognises as a listing (the site is that adapter's id), or a page the user turned
 * generic mode on for (`genericAllowed`; the site is `generic`). The runtime sets the sender, so a page cannot choose
 * it.
 *
 * @throws Error saying why the sender is not a listing page
 */
export async function sourceFromSender(sender: Sender, genericAllowed?: GenericCheck): Promise<Source> {
  const href = sender.url ?? sender.tab?.url;
  if (href === undefined) throw new Error('refused: the sender has no page address');
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new Error('refused: the sender has no valid page address');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`refused: ${url.protocol} pages are not listings`);
  const found = findAdapter(url);
  if (found) return SourceSchema.parse({ site: found.adapter.id, url: sourceUrl(url) });
  if (genericAllowed && (await genericAllowed(url, sender.tab?.id)))
    return SourceSchema.parse({ site: GENERIC_SITE, url: sourceUrl(url) });
  throw new Error(`refused: ${url.origin}${url.pathname.slice(0, 200)} is not a listing Dogear annotates`);
}

/** The path of the extension page that reads mails and saved pages: the one page that may name a source. */
export const DIGEST_PAGE_PATH = '/digest.html';

/**
 * Where `openPaper` takes the user: the paper's page on the site of the listing it was opened from. A Hugging Face
 * listing opens the paper's Hugging Face page (new-style arXiv ids only: older papers have none there); every other
 * listing, and every DOI key, opens paperPageUrl (arXiv's abstract page, or the DOI resolver).
 */
export function openPaperUrl(key: string, site: string): string {
  const arxivId = arxivIdOfKey(key);
  const onHuggingFace = site === huggingface.id && arxivId !== undefined ? huggingFacePaperUrl(arxivId) : undefined;
  return onHuggingFace ?? paperPageUrl(key);
}

type States = Record<string, PaperState>;
type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/**
 * What the background does for each request, injected so the dispatcher stays testable in node. Each returns the new
 * states of the papers it touched (the dispatcher's reply and the tabs' change notice are built from them). Sourced
 * requests get their Origin from dispatch.
 */
export type Handlers = {
  [T in Exclude<RequestType, 'getNote' | SourcedType>]: (request: RequestOf<T>) => Promise<States>;
} & {
  [T in Exclude<SourcedType, 'sendToZotero'>]: (request: RequestOf<T>, origin: Origin) => Promise<States>;
} & {
  getNote(request: RequestOf<'getNote'>): Promise<NoteView>;
  sendToZotero(request: RequestOf<'sendToZotero'>, origin: Origin): Promise<{ states: States; zotero: ZoteroReply }>;
};

/** Who we are: the runtime id, and the host of our pages' URLs (the same in Chrome; a per-install UUID in Firefox). */
export interface Self {
  id: string;
  host: string;
}

/** Turns any error into a message a user can read; Dexie wraps quota errors in AbortError.inner. */
export function describeError(error: unknown): string {
  if (error instanceof z.ZodError) return `invalid message: ${z.prettifyError(error)}`;
  const inner = (error as { inner?: unknown } | null)?.inner;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError' || (inner as { name?: unknown } | null)?.name === 'QuotaExceededError') {
    return 'The browser refused to store more data (storage quota exceeded). Nothing was changed.';
  }
  return error instanceof Error ? error.message : String(error);
}

/** True when the sender is one of our own extension pages (popup, library, note editor frame), not a content script. */
export function isExtensionPage(sender: Sender, self: Self): boolean {
  if (sender.id !== self.id || sender.url === undefined) return false;
  try {
    const url = new URL(sender.url);
    return /^(chrome|moz)-extension:$/.test(url.protocol) && url.host === self.host;
  } catch {
    return false;
  }
}

/**
 * Validates and answers one message. Messages from other extensions are refused outright; privileged requests from
 * anything but our own extension pages are refused before they reach a handler. Sourced requests take their source from
 * the sender (sourceFromSender), except from the digest page, which names it (`from`: a mail has no address); `from`
 * from anything else is refused.
 *
 * @param self our own runtime id and page host
 * @param genericAllowed whether generic mode is on for a page (background.ts); without it, generic pages are refused
 */
export async function dispatch(
  raw: unknown,
  sender: Sender,
  self: Self,
  handlers: Handlers,
  genericAllowed?: GenericCheck,
): Promise<Response> {
  if (sender.id !== self.id) return { ok: false, error: 'message from another extension refused' };
  try {
    const request = RequestSchema.parse(raw);
    if (PRIVILEGED.has(request.type) && !isExtensionPage(sender, self)) {
      return { ok: false, error: `${request.type} is only accepted from Dogear's own pages` };
    }
    if (request.type === 'getNote') return { ok: true, states: {}, note: await handlers.getNote(request) };
    if (SOURCED.has(request.type)) {
      const origin: Origin = {
        source: await sourceOf(request as Extract<Request, { from?: unknown }>, sender, self, genericAllowed),
      };
      if (sender.tab !== undefined) origin.tab = sender.tab;
      const { from: _from, ...plain } = request as Extract<Request, { from?: unknown }>;
      if (request.type === 'sendToZotero') {
        const { states, zotero } = await handlers.sendToZotero(plain as RequestOf<'sendToZotero'>, origin);
        return { ok: true, states, zotero };
      }
      const handler = handlers[request.type as SourcedType] as (request: Request, origin: Origin) => Promise<States>;
      return { ok: true, states: await handler(plain as Request, origin) };
    }
    const handler = handlers[request.type as Exclude<RequestType, 'getNote' | SourcedType>] as (
      request: Request,
    ) => Promise<States>;
    return { ok: true, states: await handler(request) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** The source of a sourced request: the digest page's own `from`, else the sender's page (sourceFromSender). */
async function sourceOf(
  request: { from?: Source | undefined },
  sender: Sender,
  self: Self,
  genericAllowed: GenericCheck | undefined,
): Promise<Source> {
  const fromDigestPage = isExtensionPage(sender, self) && new URL(sender.url!).pathname === DIGEST_PAGE_PATH;
  if (fromDigestPage) {
    if (request.from === undefined)
      throw new Error('refused: the digest page must say which digest the papers are from');
    return request.from;
  }
  if (request.from !== undefined) throw new Error("refused: only Dogear's digest page may name where papers were met");
  return sourceFromSender(sender, genericAllowed);
}

/**
 * Sends one request through `transport` (`runtime.sendMessage`) and never rejects: no answer, a closed port or an
 * invalidated extension context come back as `{ok: false}` with the reason, for the caller to show.
 */
export async function sendRequest(
  transport: (message: Request) => Promise<unknown>,
  request: Request,
): Promise<Response> {
  try {
    const response = (await transport(request)) as Response | undefined;
    return response ?? { ok: false, error: 'Dogear did not answer.' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
