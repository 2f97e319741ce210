/**
 * readDigest, the digest page's entry point: which reader each input goes to, saved mails (`.eml`) wrapped around the
 * real captured mail bodies, saved pages read by generic mode, and the inputs it refuses.
 *
 * The `.eml` files are built here: their headers are constructed (the captures are bodies only), written as arXiv and
 * Google Scholar send them; their bodies are the captured mails, encoded as the header says.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import {
  BINARY_INPUT,
  EMPTY_INPUT,
  MAX_DIGEST_CHARS,
  NO_PAPERS,
  TOO_LARGE,
  readDigest,
} from '../../../lib/digests/read.ts';
import { readArxivEmail } from '../../../lib/digests/arxiv-email.ts';
import { decodeWords, readMail } from '../../../lib/digests/mime.ts';
import type { Digest, DigestError, DigestInput } from '../../../lib/digests/types.ts';
import { parseArxivListing } from '../../../lib/sites/arxiv-listing/adapter.ts';
import { loadFixture, readFixture } from '../load-fixture.ts';

const parseHtml = (html: string): Document => new JSDOM(html).window.document;

function input(name: string, text: string): DigestInput {
  return { name, text, parseHtml };
}

function digest(result: Digest | DigestError): Digest {
  if ('error' in result) throw new Error(`expected a digest, got: ${result.error}`);
  return result;
}

const ARXIV_MAIL = 'arxiv-email/digest_cs_2026-01-26.txt';
const MATH_MAIL = 'arxiv-email/listing_mail_math.OA_2023-06-09.txt';
const SCHOLAR_MAIL = 'google-scholar-alert/alert-email-2019-12-10-16ef14516c65fd3c.html';

/** Quoted-printable as mail clients write it: `=`, non-ASCII and trailing spaces escaped, lines soft-broken at 76. */
function quotedPrintable(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let encoded = '';
      bytes.forEach((byte, index) => {
        const last = index === bytes.length - 1;
        const plain = byte >= 33 && byte <= 126 && byte !== 61;
        encoded +=
          plain || (byte === 32 && !last)
            ? String.fromCharCode(byte)
            : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      });
      const pieces: string[] = [];
      while (encoded.length > 75) {
        let cut = 75;
        // Never split an `=XX` escape.
        if (encoded[cut - 1] === '=') cut -= 1;
        else if (encoded[cut - 2] === '=') cut -= 2;
        pieces.push(`${encoded.slice(0, cut)}=`);
        encoded = encoded.slice(cut);
      }
      pieces.push(encoded);
      return pieces.join('\r\n');
    })
    .join('\r\n');
}

function base64Lines(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
}

/** An arXiv mail as a `.eml`: constructed headers, the captured body in quoted-printable. */
function arxivEml(body: string): string {
  return [
    'Return-Path: <no-reply@arxiv.org>',
    'From: no-reply@arxiv.org',
    'To: reader@example.org',
    'Subject: cs daily Subj-class mailing 300001 1',
    'Date: Fri, 23 Jan 2026 20:31:12 -0500',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(body),
  ].join('\r\n');
}

/** A Scholar alert as a `.eml`: constructed headers and plain part, the captured HTML body in base64. */
function scholarEml(html: string): string {
  return [
    'From: Google Scholar Alerts <scholaralerts-noreply@google.com>',
    'To: reader@example.org',
    'Subject: =?UTF-8?Q?new_results_for_=22sequence=2Dto=2Dsequence=22_=E2=80=94_3?= =?UTF-8?B?IG5ldw==?=',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="000000000000b1c2d3"',
    '',
    '--000000000000b1c2d3',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    '[PDF] Using Sequence-to-Sequence Learning for Repairing C Vulnerabilities',
    '',
    '--000000000000b1c2d3',
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(html),
    '--000000000000b1c2d3--',
    '',
  ].join('\r\n');
}

describe('which reader', () => {
  it('plain text with arXiv’s markers is an arXiv mail', () => {
    const text = readFixture(ARXIV_MAIL);
    expect(digest(readDigest(input('digest.txt', text)))).toEqual(readArxivEmail(text));
  });

  it('pasted text is read the same as a file', () => {
    const text = readFixture(ARXIV_MAIL);
    expect(readDigest(input('pasted text', text))).toEqual(readDigest(input('digest.txt', text)));
  });

  it('a mail body with its Subject line names the list (math.OA), read as a mail', () => {
    const result = digest(readDigest(input('new.OA', readFixture(MATH_MAIL))));
    expect(result.title).toBe('arXiv math.OA — received Wed 7 Jun 23 → Thu 8 Jun 23');
    expect(result.entries.map((entry) => entry.section)).toEqual(['cross-list', 'replacement', 'replacement']);
  });

  it('HTML with Scholar’s alert links is a Scholar alert', () => {
    const result = digest(readDigest(input('alert.html', readFixture(SCHOLAR_MAIL))));
    expect(result.kind).toBe('scholar-alert');
    expect(result.entries).toHaveLength(3);
  });
});

describe('saved mails (.eml, constructed headers around the real bodies)', () => {
  it('an arXiv mail in quoted-printable: the same papers as the plain body, titled by its Subject list', () => {
    const body = readFixture(ARXIV_MAIL);
    const eml = arxivEml(body);
    expect(eml).toContain("Tr\\'e Guillory");
    expect(eml).toMatch(/=\r\n/); // soft line breaks really are there
    const result = digest(readDigest(input('arXiv cs.eml', eml)));
    const plain = readArxivEmail(body);
    expect(result.entries).toEqual(plain.entries);
    expect(result.entries).toHaveLength(10);
    expect(result.entries[1]!.paper.authors[7]).toBe('Tré Guillory');
    expect(result.title).toBe('arXiv cs — received Thu 22 Jan 26 → Fri 23 Jan 26');
    expect(result.source).toEqual({ site: 'arxiv-email', url: 'https://arxiv.org/list/cs/new' });
  });

  it('an arXiv mail in base64, with UTF-8 text, recognised by its headers without the .eml name', () => {
    const body = readFixture(MATH_MAIL).replace('Ben Hayes', 'Bén Hayes');
    const eml = arxivEml(body)
      .replace('quoted-printable', 'base64')
      .replace(/\r\n\r\n[\s\S]*$/, `\r\n\r\n${base64Lines(body)}`);
    const result = digest(readDigest(input('message.txt', eml)));
    expect(result.entries.map((entry) => entry.paper.key)).toEqual([
      'arxiv:2306.04713',
      'arxiv:2204.01445',
      'arxiv:2206.02587',
    ]);
    expect(result.entries[0]!.paper.authors[0]).toBe('Bén Hayes');
    // The constructed Subject says "cs", under which none of these papers is filed: the body's own Subject line names
    // the list (math.OA).
    expect(result.source.url).toBe('https://arxiv.org/list/math.OA/new');
  });

  it('a Scholar alert, multipart/alternative: its HTML part is read, its Subject decoded into the title', () => {
    const result = digest(readDigest(input('alert.eml', scholarEml(readFixture(SCHOLAR_MAIL)))));
    expect(result.kind).toBe('scholar-alert');
    expect(result.title).toBe('new results for "sequence-to-sequence" — 3 new');
    expect(result.entries.map((entry) => entry.paper.key)).toEqual([
      'arxiv:1912.02015',
      'url:https://ieeexplore.ieee.org/abstract/document/8919471',
      'url:https://ieeexplore.ieee.org/abstract/document/8919008',
    ]);
    expect(result.entries[0]!.snippet).toMatch(/^Software vulnerabilities affect all businesses/);
  });

  it('a multipart arXiv mail prefers its text part to its HTML part', () => {
    const body = readFixture(MATH_MAIL);
    const eml = [
      'Subject: math.OA daily Subj-class mailing',
      'Content-Type: multipart/alternative; boundary=b1',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><p>An HTML rendering with no listing in it.</p></body></html>',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(body),
      '--b1--',
    ].join('\r\n');
    expect(digest(readDigest(input('m.eml', eml))).entries).toHaveLength(3);
  });

  it('mime: folded headers, encoded words, ISO-8859-1 quoted-printable, attachments left out', () => {
    const mail = readMail(
      [
        'Subject: =?ISO-8859-1?Q?Caf=E9?=',
        '  au lait',
        'Content-Type: multipart/mixed; boundary="x y"',
        '',
        '--x y',
        'Content-Type: text/plain; charset=ISO-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Fr=E9d=E9ric',
        '--x y',
        'Content-Type: text/plain',
        'Content-Disposition: attachment; filename="notes.txt"',
        '',
        'not read',
        '--x y--',
      ].join('\n'),
    );
    expect(mail.headers.get('subject')).toBe('Café au lait');
    expect(mail.parts).toEqual([{ type: 'text/plain', text: 'Frédéric' }]);
    expect(decodeWords('=?utf-8?B?VHLDqQ==?= =?utf-8?Q?_Guillory?=')).toBe('Tré Guillory');
  });
});

describe('refused inputs', () => {
  it.each([
    ['empty', '', EMPTY_INPUT],
    ['blank', ' \n\t\n', EMPTY_INPUT],
    ['a PDF', '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj', BINARY_INPUT],
    ['an image read as text', `\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR${'\ufffd'.repeat(400)}`, BINARY_INPUT],
    ['plain prose', 'Dear all,\nthe reading group meets on Friday.\n', NO_PAPERS],
    ['an HTML page with no paper links', '<!doctype html><html><body><p>Hello</p></body></html>', NO_PAPERS],
    [
      'a mail with no entries',
      'Subject: Your subscription\r\nFrom: no-reply@arxiv.org\r\n\r\nYou are subscribed to cs.\r\n',
      NO_PAPERS,
    ],
  ])('%s', (_name, text, error) => {
    expect(readDigest(input('file', text))).toEqual({ error });
  });

  it(`over ${MAX_DIGEST_CHARS} characters`, () => {
    const huge = readFixture(ARXIV_MAIL).padEnd(MAX_DIGEST_CHARS + 1, ' ');
    expect(readDigest(input('huge.txt', huge))).toEqual({ error: TOO_LARGE });
    expect(TOO_LARGE).toBe('This is too large to be a digest (over 20 MB of text).');
  });

  it('the no-papers message is the one the page shows', () => {
    expect(NO_PAPERS).toBe('No papers found: this does not look like an arXiv or Google Scholar digest.');
  });
});

// Each test parses a 38-entry arXiv page with jsdom and runs generic mode on it: seconds on a loaded machine.
describe('saved pages (generic mode)', { timeout: 20_000 }, () => {
  const ARXIV_PAGE = 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22_excerpt.html';
  const PAGE_URL = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

  it('a saved arXiv /new page: its own address from Chrome’s "saved from" comment, and only papers it lists', () => {
    const html = `<!-- saved from url=(0044)${PAGE_URL} -->\n${readFixture(ARXIV_PAGE)}`;
    const result = digest(readDigest(input('Materials Science.html', html)));
    expect(result.kind).toBe('digest-file');
    expect(result.source).toEqual({ site: 'digest-file', url: PAGE_URL });
    expect(result.title).toBe('Materials Science');
    const page = loadFixture(ARXIV_PAGE, PAGE_URL);
    const listed = new Set(parseArxivListing(page.doc, page.url).map((entry) => entry.paper.key));
    expect(listed.size).toBe(38);
    expect(result.entries.length).toBeGreaterThan(0);
    for (const entry of result.entries) {
      expect(listed.has(entry.paper.key), entry.paper.key).toBe(true);
      expect(entry.link).toBe(`https://arxiv.org/abs/${entry.paper.arxivId}`);
    }
  });

  it('a page naming no address of its own is sourced from the local digest address; canonical and og:url win', () => {
    const html = readFixture(ARXIV_PAGE);
    expect(digest(readDigest(input('page.html', html))).source.url).toBe('https://localhost/digest-file');
    const canonical = html.replace('<head>', '<head><link rel="canonical" href="https://arxiv.org/list/cond-mat/new">');
    expect(digest(readDigest(input('page.html', canonical))).source.url).toBe('https://arxiv.org/list/cond-mat/new');
    const og = html.replace('<head>', '<head><meta property="og:url" content="javascript:alert(1)">');
    expect(digest(readDigest(input('page.html', og))).source.url).toBe('https://localhost/digest-file');
  });
});
