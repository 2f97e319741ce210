/**
 * The message protocol between content scripts, extension pages and the background. Every message is parsed with a
 * strict zod schema on arrival: content scripts run in pages we do not control, so their messages are untrusted
 * input (reference/security-reliability-performance.md A4).
 *
 * Content scripts may only look up states (one batched message per page load or mutation batch), save and unsave.
 * Replies carry state flags only, never user text such as notes.
 */
import { PaperCandidateSchema, PaperKeySchema, SourceSchema } from './model.ts';
import type { PaperState } from './db/papers-repo.ts';
import { z } from './zod.ts';

/** arXiv's largest page (`show=2000`) fits in one lookup. */
export const MAX_LOOKUP_KEYS = 2000;

export const RequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lookup'), keys: z.array(PaperKeySchema).max(MAX_LOOKUP_KEYS) }),
  z.strictObject({ type: z.literal('save'), paper: PaperCandidateSchema, source: SourceSchema }),
  z.strictObject({ type: z.literal('unsave'), key: PaperKeySchema }),
]);
export type Request = z.infer<typeof RequestSchema>;

export type Response =
  | { ok: true; states: Record<string, PaperState> }
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

/** What the background does for each request, injected so the dispatcher stays testable in node. */
export interface Handlers {
  lookup(keys: string[]): Promise<Record<string, PaperState>>;
  save(request: Extract<Request, { type: 'save' }>): Promise<PaperState>;
  unsave(key: string): Promise<PaperState>;
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

/**
 * Validates and answers one message. Messages from other extensions are refused outright.
 * @param extensionId our own `runtime.id`
 */
export async function dispatch(raw: unknown, sender: Sender, extensionId: string, handlers: Handlers): Promise<Response> {
  if (sender.id !== extensionId) return { ok: false, error: 'message from another extension refused' };
  try {
    const request = RequestSchema.parse(raw);
    switch (request.type) {
      case 'lookup':
        return { ok: true, states: await handlers.lookup(request.keys) };
      case 'save':
        return { ok: true, states: { [request.paper.key]: await handlers.save(request) } };
      case 'unsave':
        return { ok: true, states: { [request.key]: await handlers.unsave(request.key) } };
    }
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}
