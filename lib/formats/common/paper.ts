/**
 * What every writer reads off a paper the same way: its arXiv id, DOI, link, date, primary category, and a person name
 * split into family and given parts. Keeping these in one place keeps the formats in agreement (the same paper gets the
 * same year in BibTeX, RIS, CSL-JSON and CSV).
 */
import { citationDate, type PaperDate } from '../../paper/dates.ts';
import { arxivIdOf } from '../../paper/ids.ts';
import { arxivAbsUrl, doiUrl } from '../../paper/links.ts';
import type { Paper } from '../../paper/model.ts';
import { oneLine } from './text.ts';

export { arxivIdOf, type PaperDate };

/** The DOI of a `doi:` key (lowercased, as the key stores it). */
export function keyDoiOf(paper: Paper): string | undefined {
  return paper.key.startsWith('doi:') ? paper.key.slice('doi:'.length) : undefined;
}

/**
 * The DOI to cite: the key's DOI, else the DOI arXiv registers with DataCite for every paper, `10.48550/arXiv.<id>`
 * (old-style ids keep their slash, `10.48550/arXiv.hep-th/9901001`).
 */
export function doiOf(paper: Paper): string | undefined {
  const arxivId = arxivIdOf(paper);
  return keyDoiOf(paper) ?? (arxivId === undefined ? undefined : `10.48550/arXiv.${arxivId}`);
}

/** The paper's landing page: the DOI resolver for `doi:` papers, else the unversioned arXiv abstract page. */
export function urlOf(paper: Paper): string | undefined {
  const doi = keyDoiOf(paper);
  if (doi !== undefined) return doiUrl(doi);
  const arxivId = arxivIdOf(paper);
  return arxivId === undefined ? undefined : arxivAbsUrl(arxivId);
}

/** The v1 date every format writes: lib/paper/dates.ts citationDate, so every format and cite key agree. */
export const dateOf: (paper: Paper) => PaperDate | undefined = citationDate;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (ISO 8601 / EDTF level 0, what BibLaTeX's `date` takes). */
export function isoDate(date: PaperDate): string {
  return [date.year, date.month, date.day]
    .filter((part) => part !== undefined)
    .map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');
}

/** `YYYY-MM-DD` of an epoch-ms time in UTC, or undefined for a time `Date` cannot hold. */
export function utcDay(time: number): string | undefined {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

/** The full ISO 8601 UTC form of an epoch-ms time, or undefined for a time `Date` cannot hold. */
export function utcTimestamp(time: number): string | undefined {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The primary category: the stored one, else the first listed subject (listings put the primary first). */
export function primaryCategoryOf(paper: Paper): string | undefined {
  return paper.primaryCategory ?? paper.subjects[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Person names

/** A name split for formats that store parts (RIS `Last, First`, CSL `{family, given}`), or kept whole. */
export type PersonName = { family: string; given: string; suffix?: string } | { literal: string };

/** Generational suffixes written after the family name in "Family, Given, Suffix" forms. */
const SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv']);

/** Scripts whose names are written family name first. */
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Splits an author name as pages give it ("First Last"), following BibTeX's reading of names:
 *
 * - One word, such as a CJK name written without a space (`李华`) or a mononym: kept whole (`literal`), since guessing
 *   where the family name starts would be wrong as often as right.
 * - With commas, the name is already in "Family, Given" or "Family, Suffix, Given" order.
 * - East Asian script with a space (`李 华`): family name first.
 * - Otherwise the family name is the last word, plus any lowercase particles before it (`Ludwig van Beethoven` → `van
 *   Beethoven`, `Ludwig`), and a trailing `Jr.`/`Sr.`/`II`–`IV` is the suffix.
 *
 * @returns undefined for a blank name.
 */
export function splitName(name: string): PersonName | undefined {
  const text = oneLine(name);
  if (text === '') return undefined;
  if (text.includes(',')) {
    const parts = text.split(/\s*,\s*/);
    if (parts.length === 2 && parts.every((part) => part !== '')) return { family: parts[0]!, given: parts[1]! };
    if (parts.length === 3 && parts.every((part) => part !== '')) {
      return { family: parts[0]!, given: parts[2]!, suffix: parts[1]! };
    }
    return { literal: text };
  }
  const words = text.split(' ');
  if (words.length === 1) return { literal: text };
  if (EAST_ASIAN.test(text) && !/\p{Script=Latin}/u.test(text)) {
    return { family: words[0]!, given: words.slice(1).join(' ') };
  }
  let suffix: string | undefined;
  if (words.length >= 3 && SUFFIXES.has(words.at(-1)!.toLowerCase())) suffix = words.pop();
  let start = words.length - 1;
  // Particles join the family name, but at least one word stays the given name.
  while (start > 1 && /^\p{Ll}/u.test(words[start - 1]!)) start -= 1;
  const person = { family: words.slice(start).join(' '), given: words.slice(0, start).join(' ') };
  return suffix === undefined ? person : { ...person, suffix };
}
