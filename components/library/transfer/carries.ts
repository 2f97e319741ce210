/**
 * What an export format keeps of a paper and what it drops, in words, from the format's registry entry
 * (lib/formats/registry.ts `carries`): a new format describes itself by its entry alone. Every format keeps the title,
 * authors, identifiers and year.
 */
import type { Carries, Format } from '../../../lib/formats/types.ts';

/** The words for each field a format may carry, in the order they are listed. */
const FIELDS: ReadonlyArray<[keyof Carries, string]> = [
  ['abstract', 'abstracts'],
  ['note', 'notes'],
  ['tags', 'tags'],
  ['savedAt', 'save dates'],
  ['sightings', 'where and when you met each paper'],
];

export interface CarriesSummary {
  keeps: string[];
  drops: string[];
  /** Drops something of the user's own (notes, tags, save dates): worth a warning before exporting. */
  losesYourWork: boolean;
}

export function carriesOf(format: Pick<Format, 'carries'>): CarriesSummary {
  const keeps: string[] = ['titles, authors, identifiers and years'];
  const drops: string[] = [];
  for (const [field, words] of FIELDS) (format.carries[field] ? keeps : drops).push(words);
  const losesYourWork = !format.carries.note || !format.carries.tags || !format.carries.savedAt;
  return { keeps, drops, losesYourWork };
}

/** 'a', 'a and b', 'a, b and c'. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
