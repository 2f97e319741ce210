/**
 * Dogear's BibTeX export compiled as a researcher compiles it: `bibtex` with plain, unsrt, abbrv and plainnat on a
 * `\nocite{*}` document, then `pdflatex` on the bibliography it wrote.
 *
 * Failures: any bibtex error; every `Warning--` except one about a field the paper really lacks (`empty year` for an
 * undated paper, `empty author` for a paper without authors), because the others say the file was misread (`I was
 * expecting a ','`, `Too many commas in name`, `empty title`); an entry missing from the `.bbl`; any pdflatex error
 * except a missing CJK glyph (pdflatex has none without CJK packages: the ASCII BibTeX keeps CJK as UTF-8, documented)
 * or a Vietnamese letter with a horn (it needs the T5 font encoding; tolerated and counted); a TeX command that reads
 * files or runs programs anywhere in the file; a `.log` that shows `/etc/passwd` read; a character outside ASCII that
 * is not CJK or a horn letter (Greek and every other accented Latin letter have LaTeX forms); with plain, which
 * sentence-cases titles, a capital that must survive (tests/interop/capitals.ts) lowercased.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LATEX_SYMBOLS } from '../../../lib/formats/common/latex-table.ts';
import { isCiteKey } from '../../../lib/paper/cite-keys.ts';
import { lostCapitals, stripTex } from '../capitals.ts';
import type { Count, Entry, Failure, Outcome } from '../report.ts';
import { FILE } from '../report.ts';
import {
  bblLineOwner,
  bibLineOwner,
  bibitemKeys,
  bibitemTexts,
  dangerousCommands,
  isCjk,
  isCjkError,
  isT5Error,
  isT5Letter,
  readBlg,
  readLogErrors,
} from '../tex.ts';
import { run } from '../tools.ts';

/** Symbols the ASCII BibTeX writer keeps as UTF-8 on purpose (LatexSymbol.written). */
const UTF8_SYMBOLS = new Set(LATEX_SYMBOLS.filter((symbol) => !symbol.written).map((symbol) => symbol.char));
import { knownDate } from '../../../lib/paper/dates.ts';

export const BIBTEX_STYLES = ['plain', 'unsrt', 'abbrv', 'plainnat'] as const;

/** A fact the paper really lacks makes a warning about it expected. */
function toleratedWarning(message: string, entry: Entry | undefined): boolean {
  if (entry === undefined) return false;
  if (/^empty (year|date)/.test(message)) return knownDate(entry.paper) === undefined;
  if (/^empty author|need author/.test(message)) return entry.paper.authors.length === 0;
  return false;
}

function documentFor(style: string): string {
  return [
    '\\documentclass{article}',
    '\\usepackage[T1]{fontenc}',
    '\\usepackage[utf8]{inputenc}',
    '\\usepackage{url}',
    ...(style === 'plainnat' ? ['\\usepackage[numbers]{natbib}'] : []),
    '\\begin{document}',
    '\\nocite{*}',
    `\\bibliographystyle{${style}}`,
    '\\bibliography{library}',
    '\\end{document}',
    '',
  ].join('\n');
}

const LATEX = ['-interaction=nonstopmode', '-no-shell-escape', 'main.tex'];

/** One style: bibtex, then pdflatex on its `.bbl`. */
async function compile(library: string, dir: string, bib: string, entries: readonly Entry[], style: string) {
  const failures: Failure[] = [];
  const counts: Count[] = [];
  const work = join(dir, `bibtex-${style}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'library.bib'), bib);
  writeFileSync(join(work, 'main.tex'), documentFor(style));
  const byKey = new Map(entries.map((entry) => [entry.citeKey, entry]));
  const nameOf = (key: string | undefined) => (key === undefined ? FILE : (byKey.get(key)?.name ?? key));
  const consumer = `bibtex ${style}`;

  await run('pdflatex', ['-draftmode', ...LATEX], { cwd: work });
  const bibtex = await run('bibtex', ['main'], { cwd: work });
  // A file a program did not write is a failure that names the program, not a crash of the suite.
  const read = (file: string, by: string) => {
    if (existsSync(join(work, file))) return readFileSync(join(work, file), 'utf8');
    failures.push({ format: 'bibtex', consumer, entry: FILE, message: `${by} wrote no ${file}` });
    return '';
  };
  const blg = read('main.blg', `bibtex (exit ${bibtex.code}: ${bibtex.stdout.slice(-300)})`);
  const found = readBlg(blg, bib);
  let tolerated = 0;
  for (const error of found.errors)
    failures.push({ format: 'bibtex', consumer, entry: nameOf(error.key), message: error.message });
  if (found.errorCount > found.errors.length) {
    failures.push({
      format: 'bibtex',
      consumer,
      entry: FILE,
      message: `bibtex reports ${found.errorCount} errors, ${found.errors.length} tied to an entry (exit ${bibtex.code})`,
    });
  }
  for (const warning of found.warnings) {
    const entry = warning.key === undefined ? undefined : byKey.get(warning.key);
    if (toleratedWarning(warning.message, entry)) tolerated += 1;
    else
      failures.push({ format: 'bibtex', consumer, entry: nameOf(warning.key), message: `Warning--${warning.message}` });
  }
  const bbl = read('main.bbl', 'bibtex');
  const items = bibitemKeys(bbl);
  const rendered = new Set(items);
  if (items.length !== entries.length) {
    failures.push({
      format: 'bibtex',
      consumer,
      entry: FILE,
      message: `${items.length} \\bibitem for ${entries.length} entries`,
    });
  }
  for (const entry of entries) {
    if (!rendered.has(entry.citeKey)) {
      failures.push({ format: 'bibtex', consumer, entry: entry.name, message: 'no \\bibitem in the .bbl' });
    }
  }
  // plain lowercases every title but its first letter (`change.case$` "t"): what is not braced is lost.
  if (style === 'plain') {
    const texts = bibitemTexts(bbl);
    for (const entry of entries) {
      const text = texts.get(entry.citeKey);
      if (text === undefined) continue;
      for (const signature of lostCapitals(entry, stripTex(text.replace(/\\bibitem\{[^}]*\}/, '')))) {
        failures.push({
          format: 'bibtex',
          consumer,
          entry: entry.name,
          message: `capitals "${signature}" lost to bibtex's sentence case: ${text.replace(/\s+/g, ' ').slice(0, 300)}`,
        });
      }
    }
  }
  counts.push({
    library,
    format: 'bibtex',
    consumer,
    entries: entries.length,
    ok: entries.filter((entry) => rendered.has(entry.citeKey)).length,
    errors: found.errorCount,
    warnings: found.warnings.length,
    tolerated,
    failures: failures.length,
    note: tolerated ? 'tolerated: warnings about a field the paper lacks (empty year of an undated paper)' : undefined,
  });

  const before = failures.length;
  await run('pdflatex', LATEX, { cwd: work });
  const log = read('main.log', 'pdflatex');
  const owner = bblLineOwner(bbl);
  const errors = readLogErrors(log);
  let cjk = 0;
  let t5 = 0;
  let cascade = 0;
  for (const error of errors) {
    if (isCjkError(error.message)) {
      cjk += 1;
      continue;
    }
    if (isT5Error(error.message)) {
      t5 += 1;
      continue;
    }
    // Once an error has broken the bibliography's list, every later item is "lonely": one failure says so.
    if (/Lonely \\item/.test(error.message) && cascade++ > 0) continue;
    const inBbl = error.inBbl && error.line !== undefined;
    failures.push({
      format: 'bibtex',
      consumer: `pdflatex (${style})`,
      entry: inBbl ? nameOf(owner(error.line!)) : FILE,
      message: `! ${error.message}${error.where ? ` at ${error.where}` : ''}`,
    });
  }
  // TeX logs each file it opens as `(path`.
  if (/\(\/etc\/passwd/.test(log)) {
    failures.push({
      format: 'bibtex',
      consumer: `pdflatex (${style})`,
      entry: FILE,
      message: 'the log shows /etc/passwd read',
    });
  }
  if (cascade > 1) {
    failures.push({
      format: 'bibtex',
      consumer: `pdflatex (${style})`,
      entry: FILE,
      message: `${cascade - 1} more "Lonely \\item" errors after the first (the list was broken by an earlier error)`,
    });
  }
  counts.push({
    library,
    format: 'bibtex',
    consumer: `pdflatex (${style})`,
    entries: entries.length,
    ok: entries.length,
    errors: errors.length,
    warnings: 0,
    tolerated: cjk + t5,
    failures: failures.length - before,
    note:
      [
        cjk ? `${cjk} missing CJK glyphs (no CJK fonts in pdflatex)` : '',
        t5 ? `${t5} Vietnamese letters with a horn (they need the T5 font encoding, the document uses T1)` : '',
      ]
        .filter(Boolean)
        .map((part, index) => (index === 0 ? `tolerated: ${part}` : part))
        .join('; ') || undefined,
  });
  return { failures, counts };
}

export async function checkBibtex(
  library: string,
  dir: string,
  bib: string,
  entries: readonly Entry[],
): Promise<Outcome> {
  const owner = bibLineOwner(bib);
  const failures: Failure[] = dangerousCommands(bib, entries, owner).map((hit) => ({
    format: 'bibtex',
    consumer: 'TeX safety',
    ...hit,
  }));
  for (const entry of entries) {
    if (!isCiteKey(entry.citeKey)) {
      failures.push({ format: 'bibtex', consumer: 'cite keys', entry: entry.name, message: 'not a valid cite key' });
    }
  }
  // The BibTeX export is ASCII but for scripts with no LaTeX form (CJK), which stay UTF-8, and the text symbols the
  // writer leaves to pdflatex's UTF-8 input (`°`, `«`, `€`: lib/formats/common/latex-table.ts LATEX_SYMBOLS without
  // `written`; pandoc drops their commands but keeps the characters). pdflatex still compiles the file below.
  // Letters the T1 encoding has no accent for (Vietnamese's horn, tests/interop/tex.ts isT5Letter) stay UTF-8 too, as
  // CJK does: counted as tolerated lines in the table.
  let utf8Lines = 0;
  const lines = bib.split('\n');
  lines.forEach((line, index) => {
    const chars = [...line].filter((char) => char > '\x7f' && !UTF8_SYMBOLS.has(char));
    const other = chars.find((char) => !isCjk(char.codePointAt(0)!) && !isT5Letter(char));
    if (chars.length > 0 && other === undefined) utf8Lines += 1;
    if (other !== undefined) {
      const key = owner(index + 1);
      failures.push({
        format: 'bibtex',
        consumer: 'ASCII',
        entry: entries.find((entry) => entry.citeKey === key)?.name ?? FILE,
        message: `line ${index + 1}: "${other}" (U+${other.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) in the ASCII BibTeX (only scripts without a LaTeX form, CJK, may stay UTF-8)`,
      });
    }
  });
  const ascii: Count = {
    library,
    format: 'bibtex',
    consumer: 'ASCII, TeX safety, cite keys',
    entries: entries.length,
    ok: entries.length - new Set(failures.map((failure) => failure.entry)).size,
    errors: 0,
    warnings: 0,
    tolerated: utf8Lines,
    failures: failures.length,
    note: utf8Lines
      ? `tolerated: ${utf8Lines} lines with CJK or Vietnamese horn letters, which have no LaTeX form in T1 (kept as UTF-8)`
      : undefined,
  };
  const outcomes = await Promise.all(BIBTEX_STYLES.map((style) => compile(library, dir, bib, entries, style)));
  return {
    failures: [...failures, ...outcomes.flatMap((outcome) => outcome.failures)],
    counts: [ascii, ...outcomes.flatMap((outcome) => outcome.counts)],
  };
}
