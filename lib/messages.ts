/**
 * The message protocol between content scripts, extension pages and the background. Every message is parsed with a
 * strict zod schema on arrival: content scripts run in pages we do not control, so their messages are untrusted
 * input (reference/security-reliability-performance.md A4).
 *
 * Content scripts may look up states (one batched message per page load or mutation batch), save and unsave, record
 * sightings and opens, and undo their own "mark seen". Replies carry state flags only, never notes or tags.
 * Writing notes and tags is privileged: only extension pages (the note editor frame, popup, library) may do it.
 */
import { PaperCandidateSchema, PaperKeySchema, SourceSchema } from './model.ts';
import type { PaperState } from './row-state.ts';
import { z } from './zod.ts';

/** arXiv's largest page (`show=2000`) fits in one lookup. */
export const MAX_LOOKUP_KEYS = 2000;

const MarkIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const TagSchema = z
  .string()
  .transform((tag) => tag.trim())
  .pipe(z.string().min(1).max(100));

export const RequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lookup'), keys: z.array(PaperKeySchema).max(MAX_LOOKUP_KEYS) }),
  z.strictObject({ type: z.literal('save'), paper: PaperCandidateSchema, source: SourceSchema }),
  z.strictObject({
    type: z.literal('saveMany'),
    papers: z.array(PaperCandidateSchema).min(1).max(MAX_LOOKUP_KEYS),
    source: SourceSchema,
  }),
  z.strictObject({ type: z.literal('unsave'), key: PaperKeySchema }),
  /**
   * Records a sighting of each paper (creating its record when new). `markId` is set for an explicit "mark seen"
   * action (page bar, keyboard) so it can be undone; dwell-based sightings have none.
   */
  z.strictObject({
    type: z.literal('markSeen'),
    papers: z.array(PaperCandidateSchema).min(1).max(MAX_LOOKUP_KEYS),
    source: SourceSchema,
    markId: MarkIdSchema.optional(),
  }),
  /** Undoes one explicit mark: its sightings go, and papers first seen by it become new again. */
  z.strictObject({ type: z.literal('unmarkSeen'), markId: MarkIdSchema }),
  z.strictObject({ type: z.literal('markOpened'), paper: PaperCandidateSchema, source: SourceSchema }),
  // Privileged (extension pages only):
  /** The note editor frame reads through the background: a frame on another site may be denied the database. */
  z.strictObject({ type: z.literal('getNote'), key: PaperKeySchema }),
  z.strictObject({ type: z.literal('setNote'), key: PaperKeySchema, note: z.string().max(100_000) }),
  z.strictObject({ type: z.literal('setTags'), key: PaperKeySchema, tags: z.array(TagSchema).max(200) }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

/** Requests a content script may never make, whatever it claims. */
export const PRIVILEGED: ReadonlySet<RequestType> = new Set(['getNote', 'setNote', 'setTags']);

/** What the note editor shows: only ever sent to extension pages. */
export interface NoteView {
  key: string;
  title: string;
  note: string;
  tags: string[];
}

export type Response =
  | { ok: true; states: Record<string, PaperState>; note?: NoteView }
  | { ok: false; error: string };

/** Background → tabs: these papers changed; look them up again. */
export const ChangedSchema = z.strictObject({
  type: z.literal('changed'),
  keys: z.array(PaperKeySchema).max(MAX_LOOKUP_KEYS),
});
export type Changed = z.infer<typeof ChangedSchema>;

/** The part of `runtime.MessageSender` the background relies on. */
export interface Sender {
  id?: string;
  tab?: unknown;
  url?: string;
}

/**
 * What the background does for each request, injected so the dispatcher stays testable in node. Each returns the
 * new states of the papers it touched (the dispatcher's reply and the tabs' change notice are built from them).
 */
export type Handlers = {
  [T in Exclude<RequestType, 'getNote'>]: (request: Extract<Request, { type: T }>) => Promise<Record<string, PaperState>>;
} & {
  getNote(request: Extract<Request, { type: 'getNote' }>): Promise<NoteView>;
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
 * anything but our own extension pages are refused before they are parsed further.
 * @param self our own runtime id and page host
 */
export async function dispatch(raw: unknown, sender: Sender, self: Self, handlers: Handlers): Promise<Response> {
  if (sender.id !== self.id) return { ok: false, error: 'message from another extension refused' };
  try {
    const request = RequestSchema.parse(raw);
    if (PRIVILEGED.has(request.type) && !isExtensionPage(sender, self)) {
      return { ok: false, error: `${request.type} is only accepted from Dogear's own pages` };
    }
    if (request.type === 'getNote') return { ok: true, states: {}, note: await handlers.getNote(request) };
    const handler = handlers[request.type] as (request: Request) => Promise<Record<string, PaperState>>;
    return { ok: true, states: await handler(request) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/**
 * Sends one request through `transport` (`runtime.sendMessage`) and never rejects: no answer, a closed port or an
 * invalidated extension context come back as `{ok: false}` with the reason, for the caller to show.
 */
export async function sendRequest(transport: (message: Request) => Promise<unknown>, request: Request): Promise<Response> {
  try {
    const response = (await transport(request)) as Response | undefined;
    return response ?? { ok: false, error: 'Dogear did not answer.' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
