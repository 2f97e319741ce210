/**
 * Just enough of MIME (RFC 2045–2047) to read a saved mail (`.eml`): headers with folded lines and encoded words,
 * `multipart/*` bodies split at their boundary, `quoted-printable` and `base64` transfer encodings, and the part's
 * charset. Synchronous and free of browser globals (TextDecoder and TextEncoder exist in node and every browser), so
 * the pure core reads a mail where the mature parsers (postal-mime is async, mailparser needs node streams) do not
 * fit.
 *
 * Attachments, nested messages and every other part type are ignored: a digest is read from its text or HTML body.
 */

/** One leaf part of a message: its media type (lowercase) and its body as text. */
export interface MailPart {
  type: string;
  text: string;
}

export interface Mail {
  /** The top-level headers, names lowercased, the first of each kept; encoded words decoded. */
  headers: Map<string, string>;
  /** Every `text/*` leaf part in message order. */
  parts: MailPart[];
}

/** Parts nested deeper than this are not read: no real mail nests that far, a crafted one should not recurse forever. */
const MAX_DEPTH = 16;

/** Whether `text` starts like a mail: header lines (`Name: value`), one of them a MIME or address header. */
export function looksLikeMail(text: string): boolean {
  const head = text.slice(0, 64 * 1024).replace(/\r\n?/g, '\n');
  const end = head.indexOf('\n\n');
  const lines = (end === -1 ? head : head.slice(0, end)).split('\n');
  if (!/^[!-9;-~]+:/.test(lines[0] ?? '')) return false;
  if (!lines.every((line) => /^[!-9;-~]+:/.test(line) || /^[ \t]/.test(line) || line === '')) return false;
  return lines.some((line) =>
    /^(?:content-type|mime-version|from|to|subject|received|return-path|message-id):/i.test(line),
  );
}

/** Splits at the first empty line: header block and body. */
function splitHead(text: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: '' };
  return { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
}

function readHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

/** `type/subtype; name=value; name="quoted value"` → the type and its parameters (names lowercased). */
function contentType(value: string | undefined): { type: string; params: Map<string, string> } {
  const [type = '', ...rest] = (value ?? 'text/plain').split(';');
  const params = new Map<string, string>();
  for (const match of rest.join(';').matchAll(/([A-Za-z0-9_*.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g)) {
    const raw = match[2]!;
    params.set(match[1]!.toLowerCase(), raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset?.trim() || 'utf-8').decode(bytes);
  } catch {
    // A charset TextDecoder does not know: UTF-8, with replacement characters where it does not fit.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function base64Bytes(text: string): Uint8Array {
  const clean = text
    .replace(/[^A-Za-z0-9+/_-]/g, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  let binary: string;
  try {
    binary = atob(clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0)));
  } catch {
    return new Uint8Array();
  }
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/**
 * Quoted-printable to bytes: soft line breaks (`=` at a line's end) removed, `=XX` escapes to their byte; the other
 * characters as the text holds them (UTF-8 when the file was read as UTF-8 and not escaped).
 */
function quotedPrintableBytes(text: string): Uint8Array {
  const joined = text.replace(/=[ \t]*\r?\n/g, '');
  const out: number[] = [];
  const encoder = new TextEncoder();
  let plain = '';
  const flush = (): void => {
    if (plain !== '') out.push(...encoder.encode(plain));
    plain = '';
  };
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i]!;
    const hex = char === '=' ? /^[0-9A-Fa-f]{2}$/.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      flush();
      out.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      plain += char;
    }
  }
  flush();
  return Uint8Array.from(out);
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?iso-8859-1?Q?…?=`) in a header value; the space between two goes. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (whole, charset: string, encoding: string, data: string) => {
      const bytes = encoding.toUpperCase() === 'B' ? base64Bytes(data) : quotedPrintableBytes(data.replace(/_/g, ' '));
      return decodeBytes(bytes, charset.split('*')[0]);
    });
}

function bodyText(body: string, headers: Map<string, string>, charset: string | undefined): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') return decodeBytes(base64Bytes(body), charset);
  if (encoding === 'quoted-printable') return decodeBytes(quotedPrintableBytes(body), charset);
  // 7bit, 8bit, binary: the text as read; a Latin-1 body read as text keeps its characters.
  return body;
}

function readPart(text: string, depth: number, parts: MailPart[]): Map<string, string> {
  const { head, body } = splitHead(text);
  const headers = readHeaders(head);
  const { type, params } = contentType(headers.get('content-type'));
  const boundary = params.get('boundary');
  if (type.startsWith('multipart/') && boundary !== undefined && boundary !== '' && depth < MAX_DEPTH) {
    const delimiter = `--${boundary}`;
    const sections = body.split(/\r?\n/);
    let current: string[] | undefined;
    for (const line of sections) {
      const trimmed = line.trimEnd();
      if (trimmed === delimiter || trimmed === `${delimiter}--`) {
        if (current !== undefined) readPart(current.join('\n'), depth + 1, parts);
        current = trimmed === delimiter ? [] : undefined;
        if (trimmed !== delimiter) break;
      } else if (current !== undefined) {
        current.push(line);
      }
    }
    if (current !== undefined) readPart(current.join('\n'), depth + 1, parts);
  } else if (type.startsWith('text/')) {
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^\s*attachment\b/i.test(disposition))
      parts.push({ type, text: bodyText(body, headers, params.get('charset')) });
  }
  return headers;
}

/** The headers and text parts of a mail as saved (`.eml`, RFC 5322). */
export function readMail(text: string): Mail {
  const parts: MailPart[] = [];
  const headers = readPart(text, 0, parts);
  return { headers, parts };
}
