/**
 * Dogear's BibTeX, BibLaTeX and CSL-JSON exports cited by `pandoc --citeproc` (`nocite: '@*'`) with a sentence-case
 * style (tests/interop/sentence-case.csl): the case that lowercases every capital the file does not protect.
 *
 * For each entry: it is rendered; its year is the paper's (none for an undated paper); every author is there, filed
 * under the family name Dogear holds; the title shows the paper's text with no raw TeX (`$`, `\`, braces) and no
 * literal markup (`<sub>`, `<i>`…) for a TeX title, or its literal characters for a plain one; and the capitals that
 * must survive sentence case survive: acronyms and mixed-case words (`LLMs`, `iOS`, `BERT`) and capitals in formulas
 * (`Li$_7$La$_3$…`, `$N$`).
 *
 * Tolerated and counted: from a `.bib` file, a capital the file braces (pandoc 2.17's BibTeX reader gives braces no
 * nocase class, so it sentence-cases them; consumers/bibtex.ts checks the braces with bibtex's own `plain`), and Ș/Ț
 * and Đ/đ from the ASCII BibTeX (pandoc has no `\textcommabelow`, `\DJ` or `\dj`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capitalsOf, lostCapitals, stripTex, texTitle } from '../capitals.ts';
import { readBib } from '../bib.ts';
import { fold, misreadNames, nameReadAs } from '../names.ts';
import { type Entry, FILE, type Failure, type Outcome } from '../report.ts';
import { DANGEROUS_TEX } from '../tex.ts';
import { run } from '../tools.ts';
import { knownDate } from '../../../lib/paper/dates.ts';
import { ASCII_FALLBACKS } from '../../../lib/formats/common/latex-table.ts';

/** A dangerous command with its braced argument, everywhere in a text. */
const DANGEROUS_TEX_ALL = new RegExp(`${DANGEROUS_TEX.source}(\\{[^}]*\\})?`, 'g');

const CSL = new URL('../sentence-case.csl', import.meta.url).pathname;

interface PandocBlock {
  t: string;
  c?: unknown;
}

/**
 * Typographic quotes and dashes as ASCII, whitespace collapsed, lowercased: plain titles compared as text. NFKC, as the
 * ASCII BibTeX writes a ligature as its letters (`ﬁ` → `fi`); TeX's quote ligatures (```` and `''`, which page text
 * sometimes holds, and which the writer leaves as Zotero does) as the quotes every TeX reader makes of them.
 */
function plainText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/``|''/g, '"')
      .replace(/[\ufe00-\ufe0f]/g, '')
      .replace(/[^\x00-\x7f]/g, (char) => ASCII_OF.get(char) ?? char)
      // CSL processors render quote marks in the locale's quotes, outer level double (`‘a’` → `“a”`): one quote here.
      .replace(/[‘’“”']/g, '"')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase()
  );
}

/**
 * What the ASCII BibTeX writes for characters pdflatex has no glyph for (`‐` → `-`, `ʹ` → `'`; latex-table.ts
 * ASCII_FALLBACKS), one way: the same text read back. Variation selectors are dropped by the writer too.
 */
const ASCII_OF = new Map(ASCII_FALLBACKS.map(({ char, ascii }) => [char, ascii]));

interface Rendered {
  authors?: string;
  year?: string;
  title?: string;
}

function parts(text: string): Rendered {
  const found: Rendered = {};
  for (const match of text.matchAll(/‹([AYT])›([^‹]*)/g)) {
    const value = match[2]!.trim();
    if (match[1] === 'A') found.authors = value;
    if (match[1] === 'Y') found.year = value;
    if (match[1] === 'T') found.title = value;
  }
  return found;
}

interface Tolerated {
  commaBelow: number;
  braced: number;
}

/** The capitals of each brace group of a BibTeX title (case protection), group by group. */
function bracedCapitals(title: string): string[] {
  const groups: string[] = [];
  const open: number[] = [];
  for (let index = 0; index < title.length; index += 1) {
    if (title[index] === '\\') index += 1;
    else if (title[index] === '{') open.push(index);
    else if (title[index] === '}' && open.length > 0) groups.push(title.slice(open.pop()! + 1, index));
  }
  return groups.flatMap((group) => capitalsOf(stripTex(group)));
}

/**
 * Letters the ASCII BibTeX writes with commands pandoc 2.17's LaTeX reader does not know, so it drops them: Romanian
 * Ș/Ț (`\textcommabelow`) and Đ/đ (`\DJ`, `\dj`, in Vietnamese and Serbo-Croatian names).
 */
const COMMA_BELOW = /[\u0218-\u021B\u0110\u0111]/g;

function checkEntry(
  format: string,
  consumer: string,
  entry: Entry,
  text: string,
  tolerate: Tolerated,
  /** For a .bib file: the entry's title as written, to tell Dogear's protection from pandoc ignoring it. */
  written: string | undefined,
): Failure[] {
  const failures: Failure[] = [];
  const fail = (message: string) => failures.push({ format, consumer, entry: entry.name, message });
  const rendered = parts(text);
  const year = knownDate(entry.paper)?.year;
  if (year === undefined ? rendered.year !== undefined : rendered.year !== String(year)) {
    fail(`year ${rendered.year ?? '(none)'}, expected ${year ?? '(none)'}`);
  }
  const names = rendered.authors === undefined ? [] : rendered.authors.split('; ');
  // A hostile name (TeX commands) has no expected reading; its count still counts.
  const plainName = (author: string) => !DANGEROUS_TEX.test(author);
  if (names.length !== entry.paper.authors.length) {
    fail(`${names.length} authors rendered, ${entry.paper.authors.length} stored: ${rendered.authors?.slice(0, 200)}`);
  } else {
    const readsAs = (author: string, read: string) => {
      if (!plainName(author) || nameReadAs(author, read)) return true;
      // pandoc 2.17 has no \textcommabelow: the ASCII BibTeX loses Ș and Ț there and nowhere else (a known limit).
      const tolerated =
        format === 'bibtex' &&
        /[\u0218-\u021B\u0110\u0111]/.test(author) &&
        nameReadAs(author.replace(COMMA_BELOW, ''), read);
      if (tolerated) tolerate.commaBelow += 1;
      return tolerated;
    };
    misreadNames(entry.paper.authors, names, 'rendered as', readsAs).forEach(fail);
  }
  // Authors of a TeX entry are TeX too: none of it may show.
  const rawInNames = texTitle(entry)
    ? /[$\\{}]/.exec(entry.paper.authors.some((a) => DANGEROUS_TEX.test(a)) ? '' : (rendered.authors ?? ''))
    : null;
  if (rawInNames) fail(`raw TeX "${rawInNames[0]}" in the authors: "${rendered.authors?.slice(0, 200)}"`);
  const title = rendered.title ?? '';
  if (title === '') fail('no title rendered');
  const markup = /<\/?(sub|sup|i|b|span|sc)\b[^>]*>/.exec(text);
  if (markup) fail(`literal markup ${markup[0]} in "${title}"`);
  if (texTitle(entry)) {
    const hostile = DANGEROUS_TEX.test(entry.paper.title);
    const raw = hostile ? /\$/.exec(title) : /[$\\{}]/.exec(title);
    if (raw) fail(`raw TeX "${raw[0]}" in the title: "${title}"`);
    // A hostile command may be shown as text or dropped, but the words around it stay.
    const readings = hostile ? [entry.paper.title, stripTex(entry.paper.title.replace(DANGEROUS_TEX_ALL, ''))] : [];
    readings.push(stripTex(entry.paper.title));
    if (!readings.some((reading) => fold(title).includes(fold(reading)))) {
      fail(`title "${title}" does not read as "${stripTex(entry.paper.title)}"`);
    }
  } else if (!plainText(title).includes(plainText(entry.paper.title))) {
    // pandoc 2.17 has no \textcommabelow (as for names above).
    const commaBelow =
      format === 'bibtex' &&
      /[\u0218-\u021B\u0110\u0111]/.test(entry.paper.title) &&
      plainText(title).includes(plainText(entry.paper.title.replace(COMMA_BELOW, '')));
    if (commaBelow) tolerate.commaBelow += 1;
    else fail(`title "${title}" is not the paper's "${entry.paper.title}"`);
  }
  for (const signature of lostCapitals(entry, title)) {
    // pandoc 2.17 reads `{…}` as a plain span, not a nocase one: a capital the file braces is lost anyway.
    if (written !== undefined && bracedCapitals(written).some((word) => word.includes(signature))) {
      tolerate.braced += 1;
      continue;
    }
    fail(`capitals "${signature}" lost to sentence case: "${title}"`);
  }
  return failures;
}

/** Each bibliography entry's plain text, by cite key: citeproc to JSON, one marker paragraph per entry, then plain. */
async function bibliography(
  work: string,
  bibliographyFile: string,
): Promise<{ texts: Map<string, string>; error?: string }> {
  const cited = await run(
    'pandoc',
    ['--citeproc', `--csl=${CSL}`, `--bibliography=${bibliographyFile}`, '-t', 'json', 'doc.md'],
    { cwd: work },
  );
  if (cited.code !== 0)
    return { texts: new Map(), error: `pandoc exited ${cited.code}: ${cited.stderr.slice(0, 800)}` };
  const document = JSON.parse(cited.stdout) as { blocks: PandocBlock[] };
  const divs: Array<{ key: string; div: PandocBlock }> = [];
  const walk = (blocks: PandocBlock[]) => {
    for (const block of blocks) {
      if (block.t !== 'Div') continue;
      const [[id], content] = block.c as [[string], PandocBlock[]];
      if (id.startsWith('ref-')) divs.push({ key: id.slice('ref-'.length), div: block });
      else walk(content);
    }
  };
  walk(document.blocks);
  const blocks = divs.flatMap(({ key, div }) => [{ t: 'Para', c: [{ t: 'Str', c: `⟦${key}⟧` }] }, div]);
  const plain = await run('pandoc', ['-f', 'json', '-t', 'plain', '--wrap=none'], {
    cwd: work,
    input: JSON.stringify({ ...document, blocks }),
  });
  const texts = new Map<string, string>();
  for (const chunk of plain.stdout.split(/^⟦/m).slice(1)) {
    const close = chunk.indexOf('⟧');
    texts.set(chunk.slice(0, close), chunk.slice(close + 1).trim());
  }
  return { texts, error: cited.stderr.trim() === '' ? undefined : `pandoc says: ${cited.stderr.trim().slice(0, 800)}` };
}

export async function checkPandoc(
  library: string,
  dir: string,
  format: string,
  file: { name: string; text: string },
  entries: readonly Entry[],
): Promise<Outcome> {
  const consumer = 'pandoc --citeproc';
  const work = join(dir, `pandoc-${format}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, file.name), file.text);
  writeFileSync(join(work, 'doc.md'), "---\nnocite: '@*'\n---\n");
  const { texts, error } = await bibliography(work, file.name);
  const failures: Failure[] = [];
  if (error !== undefined) failures.push({ format, consumer, entry: FILE, message: error });
  const tolerate: Tolerated = { commaBelow: 0, braced: 0 };
  const titles = file.name.endsWith('.bib')
    ? new Map(readBib(file.text).map((item) => [item.key, item.fields.get('title') ?? '']))
    : undefined;
  let ok = 0;
  for (const entry of entries) {
    const text = texts.get(entry.citeKey);
    if (text === undefined) {
      failures.push({ format, consumer, entry: entry.name, message: 'not in the bibliography' });
      continue;
    }
    const found = checkEntry(format, consumer, entry, text, tolerate, titles?.get(entry.citeKey));
    if (found.length === 0) ok += 1;
    failures.push(...found);
  }
  return {
    failures,
    counts: [
      {
        library,
        format,
        consumer,
        entries: entries.length,
        ok,
        errors: error === undefined ? 0 : 1,
        warnings: 0,
        tolerated: tolerate.commaBelow + tolerate.braced,
        note:
          [
            tolerate.commaBelow
              ? `${tolerate.commaBelow} Ș/Ț/Đ lost: pandoc has no \\textcommabelow, \\DJ or \\dj`
              : '',
            tolerate.braced ? `${tolerate.braced} braced capitals lost: pandoc 2.17 ignores brace protection` : '',
          ]
            .filter(Boolean)
            .join('; ') || undefined,
        failures: failures.length,
      },
    ],
  };
}
