/**
 * What an export format keeps of a paper and what it drops, in words, from the format's registry entry
 * (lib/formats/registry.ts `carries` and `citeKeys`): a new format describes itself by its entry alone. Every format
 * keeps the title, authors, identifiers and year. And what reading a file brings in: a reader gives every entry as an
 * ImportedPaper (lib/formats/types.ts), which has room for an abstract, a note, tags and the entry's own cite key but
 * none for a save date or sightings; a backup brings its whole records back.
 */
import type { Carries, Format } from '../../../lib/formats/types.ts';

/**
 * The words for each field a format may carry, in the order they are listed: a Record, so a field added to Carries does
 * not compile until it has its words here.
 */
const FIELD_WORDS: Readonly<Record<keyof Carries, string>> = {
  abstract: 'abstracts',
  note: 'notes',
  tags: 'tags',
  savedAt: 'save dates',
  sightings: 'where and when you met each paper',
};

const CITE_KEYS = 'cite keys';

/** What every format keeps: the first words of every `keeps`. */
export const EVERY_FORMAT_KEEPS: readonly string[] = ['titles', 'authors', 'identifiers', 'years'];

export interface CarriesSummary {
  keeps: string[];
  drops: string[];
  /** Drops something of the user's own (notes, tags, save dates): worth a warning before exporting. */
  losesYourWork: boolean;
}

/** Whether the format keeps every field: the backup, which writes whole records (their stored cite keys too). */
export function isLossless(format: Pick<Format, 'carries'>): boolean {
  return Object.values(format.carries).every(Boolean);
}

/**
 * What a file of `format` keeps and drops. Cite keys are kept by a format whose entry says `citeKeys` (it names every
 * paper by its key) and by the lossless backup (which holds the stored keys, and gives no new ones).
 */
export function carriesOf(format: Pick<Format, 'carries' | 'citeKeys'>): CarriesSummary {
  const keeps: string[] = [...EVERY_FORMAT_KEEPS];
  const drops: string[] = [];
  (format.citeKeys === true || isLossless(format) ? keeps : drops).push(CITE_KEYS);
  for (const [field, words] of Object.entries(FIELD_WORDS) as Array<[keyof Carries, string]>) {
    (format.carries[field] ? keeps : drops).push(words);
  }
  const losesYourWork = !format.carries.note || !format.carries.tags || !format.carries.savedAt;
  return { keeps, drops, losesYourWork };
}

/**
 * What importing a file of `format` brings in and what it cannot: a backup restores its records whole; any other reader
 * brings what an entry of the file has room for (when the file has it) and never a save date or sightings (an imported
 * paper counts as saved at the import).
 */
export function importCarriesOf(format: Pick<Format, 'carries'>): { brings: string[]; cannot: string[] } {
  if (isLossless(format)) return { brings: ['everything, as it was written'], cannot: [] };
  return {
    brings: [
      'titles',
      'authors',
      'identifiers',
      'dates',
      FIELD_WORDS.abstract,
      FIELD_WORDS.note,
      FIELD_WORDS.tags,
      CITE_KEYS,
    ],
    cannot: [FIELD_WORDS.savedAt, FIELD_WORDS.sightings],
  };
}

/** 'a', 'a and b', 'a, b and c' (or 'a, b or c'). */
export function listWords(words: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
