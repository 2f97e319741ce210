/**
 * What the user hands the digest page — a file (chosen or dropped) or pasted text — read into a Digest by the pure
 * parser (lib/digests/read.ts). This file holds the two browser parts the parser must not: reading a File, and parsing
 * HTML into a document.
 */
import { MAX_DIGEST_CHARS, readDigest, TOO_LARGE } from '../../lib/digests/read.ts';
import type { Digest, DigestError } from '../../lib/digests/types.ts';

/** What the file input offers (a drop may bring anything: the parser decides by the content). */
export const DIGEST_FILE_TYPES = '.txt,.eml,.html,.htm';

/**
 * A file whose UTF-8 bytes cannot fit in MAX_DIGEST_CHARS code units (a UTF-16 code unit takes at most 3 bytes) is
 * refused before it is read into memory.
 */
const MAX_DIGEST_BYTES = 3 * MAX_DIGEST_CHARS;

export type DigestResult = Digest | DigestError;

/**
 * HTML into an inert document. DOMParser runs no script, loads no image, style or frame, and the document it returns
 * has no window; the parser only reads its text and attributes, and nothing of it is ever put into the page (the
 * listing is rendered from the Digest's plain strings).
 */
function parseHtml(html: string): Document {
  // eslint-disable-next-line no-restricted-globals -- an inert document that is read, never inserted (see above)
  return new DOMParser().parseFromString(html, 'text/html');
}

/** The parser's refusal, naming what was refused. */
function refused(name: string, result: DigestResult): DigestResult {
  return 'error' in result ? { error: `${name} — ${result.error}` } : result;
}

/** Reads pasted text (or a file's) as a digest; the parser says why it refuses an input (empty, binary, too large…). */
export function readText(name: string, text: string): DigestResult {
  return refused(name, readDigest({ name, text, parseHtml }));
}

/** Reads a chosen or dropped file as a digest, or says why not. */
export async function readFile(file: File): Promise<DigestResult> {
  if (file.size > MAX_DIGEST_BYTES) return refused(file.name, { error: TOO_LARGE });
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    // A file moved or deleted since it was chosen, or a folder dropped: the browser cannot read it.
    const reason = error instanceof Error && error.message !== '' ? error.message : 'the browser could not open it';
    return refused(file.name, { error: `This file could not be read (${reason}).` });
  }
  return readText(file.name, text);
}
