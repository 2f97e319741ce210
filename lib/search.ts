/**
 * Library search: every word of the query must appear in the title or the author list, ignoring case and accents
 * ("muller" finds "Müller").
 */
import type { Paper } from './model.ts';

/** Lowercase, accents removed, TeX math markers and braces dropped, whitespace collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[${}\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function queryWords(query: string): string[] {
  return fold(query).split(' ').filter(Boolean);
}

export function matchesQuery(paper: Pick<Paper, 'title' | 'authors'>, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = fold(`${paper.title} ${paper.authors.join(' ')}`);
  return words.every((word) => haystack.includes(word));
}
