/**
 * The digest page's one entry point: a file or pasted text in, the papers it lists out (or why there are none).
 *
 * Which reader runs is decided by the content, not the file name alone:
 *
 * - a saved mail (`.eml`, or any text that starts with mail headers): its text part is read as an arXiv mail, its HTML
 *   part as a Scholar alert or a saved page, by the rules below;
 * - plain text with arXiv's entry markers (`\\` then `arXiv:<id>`): an arXiv listing mail (arxiv-email.ts);
 * - HTML with Scholar's `a.gse_alrt_title` links: a Google Scholar alert (scholar-alert.ts);
 * - any other HTML: a saved page or HTML mail, read by generic mode's detector (digest-file.ts).
 */
import { readArxivEmail, isArxivEmail } from './arxiv-email.ts';
import { readDigestFile } from './digest-file.ts';
import { type Mail, looksLikeMail, readMail } from './mime.ts';
import { isScholarAlert, readScholarAlert } from './scholar-alert.ts';
import type { Digest, DigestError, DigestInput } from './types.ts';

/** The largest input read, in UTF-16 code units (about 20 MB of ASCII): a daily digest is a few hundred kB. */
export const MAX_DIGEST_CHARS = 20 * 1024 * 1024;

export const NO_PAPERS = 'No papers found: this does not look like an arXiv or Google Scholar digest.';
export const EMPTY_INPUT = 'Nothing to read: the file or pasted text is empty.';
export const TOO_LARGE = `This is too large to be a digest (over ${MAX_DIGEST_CHARS / 1024 / 1024} MB of text).`;
export const BINARY_INPUT =
  'This is not a text file (it looks like a PDF, an image or another binary file): drop the mail (.eml, .txt) or the saved page (.html).';

/**
 * Whether the text is a binary file read as text: a NUL character, or many characters that are no text (control
 * characters other than tab, line breaks and form feed, or U+FFFD where bytes were not UTF-8) in its first 8 kB.
 */
function isBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000') || head.startsWith('%PDF-')) return true;
  const odd = head.match(/[\u0001-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return odd > head.length / 20;
}

const looksLikeHtml = (text: string): boolean =>
  /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table|h[1-6]|p|a)\b/i.test(text) ||
  /<(?:html|body)\b[^>]*>/i.test(text.slice(0, 64 * 1024));

/** A digest that lists nothing is no digest: the page says so instead of showing an empty listing. */
function orNoPapers(digest: Digest): Digest | DigestError {
  return digest.entries.length === 0 && digest.skipped.length === 0 ? { error: NO_PAPERS } : digest;
}

function readHtml(html: string, input: DigestInput, subject?: string): Digest | DigestError {
  const doc = input.parseHtml(html);
  if (isScholarAlert(doc)) return orNoPapers(readScholarAlert(doc, subject));
  return orNoPapers(readDigestFile(doc, html, subject));
}

function readText(text: string, input: DigestInput, subject?: string): Digest | DigestError {
  if (isArxivEmail(text)) return orNoPapers(readArxivEmail(text, subject));
  if (looksLikeHtml(text)) return readHtml(text, input, subject);
  return { error: NO_PAPERS };
}

/**
 * A saved mail: an arXiv mail from its plain-text part, a Scholar alert from its HTML part; else whichever part finds
 * papers, text first.
 */
function readEml(mail: Mail, input: DigestInput): Digest | DigestError {
  const subject = mail.headers.get('subject');
  const plain = mail.parts.filter((part) => part.type === 'text/plain');
  const html = mail.parts.filter((part) => part.type === 'text/html');
  const arxiv = plain.find((part) => isArxivEmail(part.text));
  if (arxiv) return orNoPapers(readArxivEmail(arxiv.text, subject));
  let error: DigestError = { error: NO_PAPERS };
  for (const part of [...html, ...plain]) {
    const result =
      part.type === 'text/html' ? readHtml(part.text, input, subject) : readText(part.text, input, subject);
    if (!('error' in result)) return result;
    error = result;
  }
  return error;
}

/**
 * Reads a digest the user dropped or pasted on the digest page: an arXiv listing mail (plain text), a Google Scholar
 * alert (HTML), a saved mail (`.eml`, MIME: quoted-printable and base64 bodies, multipart/alternative) holding either,
 * or any saved page or HTML mail, read by generic mode's detector.
 *
 * Never throws. Returns the digest (its entries validated, each entry the digest could not read listed in `skipped`
 * with its reason), or a `DigestError` whose message the page shows as is: empty input, a binary file, input over
 * MAX_DIGEST_CHARS, or nothing that lists a paper (NO_PAPERS).
 *
 * HTML is parsed only through `input.parseHtml` (the page's inert DOMParser); every string of the result is text.
 */
export function readDigest(input: DigestInput): Digest | DigestError {
  const { text } = input;
  if (text.length > MAX_DIGEST_CHARS) return { error: TOO_LARGE };
  if (text.trim() === '') return { error: EMPTY_INPUT };
  if (isBinary(text)) return { error: BINARY_INPUT };
  try {
    const isEml = /\.eml$/i.test(input.name.trim()) || looksLikeMail(text);
    if (isEml) return readEml(readMail(text), input);
    return readText(text, input);
  } catch (error) {
    // A reader bug must not take the page down: the user sees what went wrong and can report it.
    return { error: `This could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
