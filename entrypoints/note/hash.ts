/**
 * What the note frame is asked to do, read from its own URL hash: `#key=<canonical key>&focus=note|tags&nonce=<id>`
 * (built by entrypoints/papers.content/note-frame.ts). The hash is set by our content script, but the frame treats it
 * as input like any other: the key must be canonical before it reaches the database.
 */
import { PaperKeySchema } from '../../lib/paper/model.ts';

export type NoteRequest =
  { ok: true; key: string; focus: 'note' | 'tags'; nonce: string } | { ok: false; error: string; nonce: string };

/** A nonce is what `crypto.randomUUID()` gives; anything else is dropped (the close message then carries ''). */
const NONCE = /^[0-9a-f-]{8,64}$/i;

/** @param hash `location.hash`, with or without its leading `#`. */
export function parseNoteHash(hash: string): NoteRequest {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const rawNonce = params.get('nonce') ?? '';
  const nonce = NONCE.test(rawNonce) ? rawNonce : '';
  const key = params.get('key');
  if (key === null || key === '') return { ok: false, error: 'No paper was given to this note editor.', nonce };
  const parsed = PaperKeySchema.safeParse(key);
  if (!parsed.success)
    return { ok: false, error: `“${key.slice(0, 80)}” is not a paper Dogear knows how to identify.`, nonce };
  return { ok: true, key: parsed.data, focus: params.get('focus') === 'tags' ? 'tags' : 'note', nonce };
}
