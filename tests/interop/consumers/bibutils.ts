/**
 * Dogear's RIS export read by bibutils, the converter behind many reference tools: `ris2xml` (RIS → MODS XML), then
 * `xml2bib` (MODS → BibTeX, `-nl` for Unicode text, `-b` for braces), then the BibTeX read back by
 * tests/interop/bib.ts.
 *
 * For each record: it survives; title, URL and abstract are what the RIS said (letters compared, so TeX escapes count
 * as the letters they stand for; the URL any of the record's); every author is there under the family name Dogear holds
 * (an organisation's words all there: bibutils splits every RIS name); the year is the paper's; keywords are the
 * paper's tags; the note is there as plain text (no `<p>`, `<br/>` or `&lt;`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withoutInvisibles } from '../../../lib/formats/common/text.ts';
import { splitName } from '../../../lib/paper/names.ts';
import { bibNames, readBib, unbrace } from '../bib.ts';
import { fold, misreadNames, nameReadAs } from '../names.ts';
import { type Entry, FILE, type Failure, type Outcome } from '../report.ts';
import { run } from '../tools.ts';
import { knownDate } from '../../../lib/paper/dates.ts';

/** Each RIS record's tags and values, in order (`ER` ends a record). */
export function readRis(text: string): Array<Map<string, string[]>> {
  const records: Array<Map<string, string[]>> = [];
  let current = new Map<string, string[]>();
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const match = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/.exec(line);
    if (!match) continue;
    if (match[1] === 'ER') {
      records.push(current);
      current = new Map();
      continue;
    }
    current.set(match[1]!, [...(current.get(match[1]!) ?? []), match[2] ?? '']);
  }
  return records;
}

export async function checkBibutils(
  library: string,
  dir: string,
  ris: string,
  entries: readonly Entry[],
): Promise<Outcome> {
  const format = 'ris';
  const consumer = 'ris2xml | xml2bib';
  const work = join(dir, 'bibutils');
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'library.ris'), ris);
  const failures: Failure[] = [];
  const mods = await run('ris2xml', ['library.ris'], { cwd: work });
  writeFileSync(join(work, 'library.xml'), mods.stdout);
  const bib = await run('xml2bib', ['-nl', '-nb', '-b', 'library.xml'], { cwd: work });
  writeFileSync(join(work, 'library.bib'), bib.stdout);
  for (const result of [mods, bib]) {
    if (result.code !== 0)
      failures.push({ format, consumer, entry: FILE, message: `${result.command} exited ${result.code}` });
  }
  const records = readRis(ris);
  const read = readBib(bib.stdout);
  if (records.length !== entries.length || read.length !== entries.length) {
    failures.push({
      format,
      consumer,
      entry: FILE,
      message: `${entries.length} papers, ${records.length} RIS records, ${read.length} entries after bibutils`,
    });
  }
  let ok = 0;
  let duplicates = 0;
  entries.forEach((entry, index) => {
    const record = records[index];
    const item = read[index];
    if (record === undefined || item === undefined) return;
    const before = failures.length;
    const fail = (message: string) => failures.push({ format, consumer, entry: entry.name, message });
    const field = (name: string) => unbrace(item.fields.get(name) ?? '');
    const same = (what: string, wrote: string | undefined, got: string) => {
      if (fold(wrote ?? '') !== fold(got)) fail(`${what}: RIS says "${wrote ?? ''}", bibutils read "${got}"`);
    };
    same('title', record.get('TI')?.[0] ?? record.get('T1')?.[0], field('title'));
    // bibutils keeps one URL: any the record gives (UR, or the DOI's resolver URL) will do.
    const urls = [...(record.get('UR') ?? []), ...(record.get('DO') ?? []).map((doi) => `https://doi.org/${doi}`)];
    const decoded = (url: string) => {
      try {
        return decodeURI(url);
      } catch {
        return url;
      }
    };
    if (!urls.some((url) => decoded(url) === decoded(field('url')))) {
      fail(`url: RIS gives ${urls.join(' ') || '(none)'}, bibutils read "${field('url')}"`);
    }
    if (entry.paper.abstract !== undefined) {
      if (field('abstract') === '') fail('abstract lost');
      else same('abstract', record.get('AB')?.[0], field('abstract'));
    }
    const names = item.fields.has('author') ? bibNames(item.fields.get('author')!) : [];
    // bibutils keeps a name once per record: a source that lists the same author twice (Google Scholar's data does)
    // reads back with each name once. Tolerated and counted when that is the only difference.
    const distinct = [...new Map(entry.paper.authors.map((author) => [fold(author), author])).values()];
    const merged = distinct.length < entry.paper.authors.length && names.length === distinct.length;
    if (merged) duplicates += 1;
    const authors = merged ? distinct : entry.paper.authors;
    if (names.length !== authors.length) {
      fail(`${entry.paper.authors.length} authors stored, bibutils read ${names.length}`);
    } else {
      // RIS has no form for an organisation that bibutils keeps whole: it splits every AU; its words must be there.
      const readsAs = (author: string, read: string) => {
        const parts = splitName(withoutInvisibles(author));
        return parts !== undefined && 'literal' in parts
          ? parts.literal.split(/\s+/).every((word) => fold(read).includes(fold(word)))
          : nameReadAs(author, read);
      };
      misreadNames(authors, names.map(unbrace), 'read as', readsAs).forEach(fail);
    }
    const year = knownDate(entry.paper)?.year;
    if ((year === undefined ? '' : String(year)) !== field('year')) {
      fail(`year "${field('year')}", expected "${year ?? ''}"`);
    }
    const tags = entry.paper.tags ?? [];
    const keywords = field('keywords') === '' ? [] : field('keywords').split('; ');
    if (JSON.stringify([...keywords].sort()) !== JSON.stringify([...tags].sort())) {
      fail(`keywords ${JSON.stringify(keywords)}, tags ${JSON.stringify(tags)}`);
    }
    if (entry.paper.note !== undefined) {
      const note = item.fields.get('note') ?? item.fields.get('annote') ?? '';
      if (note === '') fail('note lost');
      else {
        const html = /<\/?(p|br)\b[^>]*>|&(lt|gt|amp|quot);/.exec(note);
        if (html) fail(`note read as HTML: holds "${html[0]}"`);
        for (const line of entry.paper.note.split('\n').filter((text) => text.trim() !== '')) {
          if (!fold(note).includes(fold(line))) fail(`note line lost: "${line}"`);
        }
      }
    }
    if (failures.length === before) ok += 1;
  });
  const warnings = bib.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !/Cannot identify TYPE|Processed \d+ references/.test(line));
  for (const warning of warnings) failures.push({ format, consumer, entry: FILE, message: warning });
  return {
    failures,
    counts: [
      {
        library,
        format,
        consumer,
        entries: entries.length,
        ok,
        errors: 0,
        warnings: warnings.length,
        tolerated: bib.stderr.split('\n').filter((line) => /Cannot identify TYPE/.test(line)).length + duplicates,
        failures: failures.length,
        note: [
          'tolerated: xml2bib "Cannot identify TYPE" for RIS GEN records (it writes @Misc, as intended)',
          ...(duplicates
            ? [
                `${duplicates} ${duplicates === 1 ? 'record' : 'records'} whose source lists an author twice: bibutils keeps each name once`,
              ]
            : []),
        ].join('; '),
      },
    ],
  };
}
