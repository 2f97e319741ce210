/**
 * Reading what TeX programs say: bibtex's `.blg`, a LaTeX `.log`, the `.bbl` a bibliography program wrote. Each finding
 * is tied to the entry it is about where the program says so (a cite key, a `.bib` or `.bbl` line).
 */
import type { Entry } from './report.ts';
import { LATEX_ACCENTS } from '../../lib/formats/common/latex-table.ts';

/** 1-based line → cite key of the entry starting at or before it, for a `.bib` file. */
export function bibLineOwner(bib: string): (line: number) => string | undefined {
  const starts: Array<{ line: number; key: string }> = [];
  bib.split('\n').forEach((text, index) => {
    const match = /^\s*@\s*\w+\s*[{(]\s*([^,\s]+)\s*,/.exec(text);
    if (match) starts.push({ line: index + 1, key: match[1]! });
  });
  return (line) => starts.filter((start) => start.line <= line).at(-1)?.key;
}

/**
 * Each `\\bibitem` of a bibtex `.bbl`: its cite key and 1-based line (optional `[label]`s may hold braces and brackets,
 * and span lines).
 */
function bibitems(bbl: string): Array<{ key: string; line: number }> {
  const items: Array<{ key: string; line: number }> = [];
  let at = bbl.indexOf('\\bibitem');
  while (at !== -1) {
    let index = at + '\\bibitem'.length;
    while (/\s/.test(bbl[index] ?? '')) index += 1;
    if (bbl[index] === '[') {
      let depth = 0;
      for (; index < bbl.length; index += 1) {
        const char = bbl[index];
        if (char === '{') depth += 1;
        else if (char === '}') depth -= 1;
        else if (char === ']' && depth === 0) break;
      }
      index += 1;
    }
    while (/\s/.test(bbl[index] ?? '')) index += 1;
    const match = /^\{([^}]*)\}/.exec(bbl.slice(index));
    if (match) items.push({ key: match[1]!, line: bbl.slice(0, at).split('\n').length });
    at = bbl.indexOf('\\bibitem', index);
  }
  return items;
}

/** The text of each `\\bibitem` of a bibtex `.bbl` (up to the next one), by cite key. */
export function bibitemTexts(bbl: string): Map<string, string> {
  const lines = bbl.replace(/\\end\{thebibliography\}[\s\S]*$/, '').split('\n');
  const items = bibitems(bbl);
  return new Map(
    items.map((item, index) => [
      item.key,
      lines.slice(item.line - 1, (items[index + 1]?.line ?? lines.length + 1) - 1).join('\n'),
    ]),
  );
}

/** Cite keys of the `\\bibitem`s of a bibtex `.bbl`, in order. */
export function bibitemKeys(bbl: string): string[] {
  return bibitems(bbl).map((item) => item.key);
}

/** The bbl line → cite key of the `\\bibitem` (or biblatex `\\entry`) at or before it. */
export function bblLineOwner(bbl: string): (line: number) => string | undefined {
  const starts = [
    ...bibitems(bbl),
    ...bbl.split('\n').flatMap((text, index) => {
      const entry = /\\entry\{([^}]*)\}/.exec(text);
      return entry ? [{ key: entry[1]!, line: index + 1 }] : [];
    }),
  ].sort((a, b) => a.line - b.line);
  return (line) => starts.filter((start) => start.line <= line).at(-1)?.key;
}

export interface BlgFindings {
  /** bibtex's own count ("There were N error messages"). */
  errorCount: number;
  errors: Array<{ key?: string; message: string }>;
  warnings: Array<{ key?: string; message: string }>;
}

/** bibtex's `.blg`: its error messages (with the `.bib` entry they are in) and its `Warning--` lines. */
export function readBlg(blg: string, bib: string): BlgFindings {
  const owner = bibLineOwner(bib);
  const lines = blg.split('\n');
  const errors: BlgFindings['errors'] = [];
  const warnings: BlgFindings['warnings'] = [];
  lines.forEach((text, index) => {
    if (text.startsWith('Warning--')) {
      const message = text.slice('Warning--'.length);
      const key = /(?:in|for entry) (\S+)$/.exec(message)?.[1] ?? /for entry (\S+)/.exec(lines[index + 1] ?? '')?.[1];
      warnings.push(key === undefined ? { message } : { key, message });
      return;
    }
    const place = /---line (\d+) of file (\S+)/.exec(text);
    if (place && !text.startsWith('Warning')) {
      const context = lines
        .slice(index + 1, index + 4)
        .filter((line) => line.startsWith(' : '))
        .join(' ');
      const key = owner(Number(place[1]));
      const message = `${text.trim()} ${context}`.trim();
      errors.push(key === undefined ? { message } : { key, message });
    }
  });
  const count = /\(There (?:was|were) (\d+|one) error messages?\)/.exec(blg)?.[1];
  const errorCount = count === undefined ? 0 : count === 'one' ? 1 : Number(count);
  return { errorCount, errors, warnings };
}

export interface LogError {
  message: string;
  /** `l.N …` of the error, when TeX gave one. */
  where?: string;
  line?: number;
  /** Whether TeX was reading the `.bbl` (opened as `(./main.bbl` in the log) when it stopped. */
  inBbl: boolean;
}

/** Every `! …` error of a LaTeX `.log`, with the `l.N` line TeX shows after it. */
export function readLogErrors(log: string): LogError[] {
  const lines = log.split('\n');
  const bblOpened = lines.findIndex((line) => line.includes('(./main.bbl'));
  const errors: LogError[] = [];
  lines.forEach((text, index) => {
    if (!text.startsWith('! ')) return;
    let message = text.slice(2);
    // inputenc's message continues on `(inputenc)` lines.
    for (let next = index + 1; next < lines.length && /^\((inputenc|biblatex|natbib)\)/.test(lines[next]!); next += 1) {
      message += ` ${lines[next]!.replace(/^\(\w+\)\s*/, '')}`;
    }
    const place = lines.slice(index + 1, index + 12).find((line) => /^l\.\d+/.test(line));
    const line = place === undefined ? undefined : Number(/^l\.(\d+)/.exec(place)![1]);
    const inBbl = bblOpened !== -1 && index > bblOpened;
    errors.push(place === undefined ? { message, inBbl } : { message, where: place.trim(), line, inBbl });
  });
  return errors;
}

/** CJK, Hangul and full-width forms: pdflatex has no glyphs for them without CJK packages (a documented limit). */
export function isCjk(point: number): boolean {
  return (
    (point >= 0x2e80 && point <= 0x9fff) ||
    (point >= 0xac00 && point <= 0xd7af) ||
    (point >= 0xf900 && point <= 0xfaff) ||
    (point >= 0xff00 && point <= 0xffef) ||
    point >= 0x20000
  );
}

/** A pdflatex error about a CJK character. */
export function isCjkError(message: string): boolean {
  const code = /Unicode character .*?\(U\+([0-9A-F]+)\)/.exec(message)?.[1];
  return code !== undefined && isCjk(parseInt(code, 16));
}

const LATEX_MARKS = new Set(LATEX_ACCENTS.map(({ mark }) => mark));

/**
 * A Latin letter with a mark that no accent command of the T1 encoding makes: Vietnamese's horn (`ơ`, `ư`, and `ờ`,
 * `ở`… which add a tone mark to them), which needs the T5 font encoding and its `\h`/horn commands, as CJK needs CJK
 * packages. The ASCII BibTeX keeps such letters as UTF-8 (they are never dropped), and pdflatex with T1 cannot print
 * them.
 */
export function isT5Letter(char: string): boolean {
  const [base = '', ...marks] = [...char.normalize('NFD')];
  return /\p{Script=Latin}/u.test(base) && marks.some((mark) => !LATEX_MARKS.has(mark));
}

/** A pdflatex error about a letter only the T5 encoding has (isT5Letter). */
export function isT5Error(message: string): boolean {
  const code = /Unicode character .*?\(U\+([0-9A-F]+)\)/.exec(message)?.[1];
  return code !== undefined && isT5Letter(String.fromCodePoint(parseInt(code, 16)));
}

/** Commands that read or write files, run programs or redefine TeX: never in an exported field. */
export const DANGEROUS_TEX =
  /\\(input|include|write18|write|immediate|openin|openout|catcode|def|edef|gdef|xdef|csname|endcsname|read|newwrite|newread|usepackage|special)(?![A-Za-z])/;

/** Entries whose exported text holds a dangerous command, one failure each. */
export function dangerousCommands(
  text: string,
  entries: readonly Entry[],
  owner: (line: number) => string | undefined,
) {
  const found: Array<{ key: string; command: string; line: number }> = [];
  text.split('\n').forEach((line, index) => {
    const match = DANGEROUS_TEX.exec(line);
    if (match) found.push({ key: owner(index + 1) ?? '(file)', command: match[0], line: index + 1 });
  });
  const byKey = new Map(entries.map((entry) => [entry.citeKey, entry.name]));
  return found.map((hit) => ({
    entry: byKey.get(hit.key) ?? hit.key,
    message: `line ${hit.line} holds ${hit.command}: TeX would run it (neutralise it as text)`,
  }));
}
