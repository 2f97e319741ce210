/**
 * What the Import & export tab says each format keeps, drops and brings in (components/library/transfer/carries.ts),
 * from the registry alone.
 */
import { describe, expect, it } from 'vitest';
import {
  carriesOf,
  EVERY_FORMAT_KEEPS,
  importCarriesOf,
  listWords,
} from '../../../components/library/transfer/carries.ts';
import { formatById, formats } from '../../../lib/formats/registry.ts';
import type { Format } from '../../../lib/formats/types.ts';

describe('carriesOf', () => {
  it('keeps cite keys exactly in the formats whose entry says citeKeys, and in the lossless backup', () => {
    for (const format of formats as readonly Format[]) {
      const { keeps, drops } = carriesOf(format);
      const lossless = Object.values(format.carries).every(Boolean);
      expect(keeps.includes('cite keys'), format.id).toBe(format.citeKeys === true || lossless);
      expect(drops.includes('cite keys'), format.id).toBe(!(format.citeKeys === true || lossless));
      expect(keeps.slice(0, EVERY_FORMAT_KEEPS.length), format.id).toEqual(EVERY_FORMAT_KEEPS);
    }
  });

  it('words each format: BibTeX, CSV, the backup', () => {
    expect(listWords(carriesOf(formatById('bibtex')).keeps)).toBe('titles, authors, identifiers, years and cite keys');
    expect(listWords(carriesOf(formatById('csv')).drops)).toBe(
      'cite keys, abstracts and where and when you met each paper',
    );
    expect(carriesOf(formatById('json')).drops).toEqual([]);
    expect(carriesOf(formatById('markdown-zip')).keeps).toContain('cite keys');
  });
});

describe('importCarriesOf', () => {
  it('a file of another tool brings cite keys but never save dates or sightings; a backup brings everything', () => {
    expect(importCarriesOf(formatById('bibtex'))).toEqual({
      brings: ['titles', 'authors', 'identifiers', 'dates', 'abstracts', 'notes', 'tags', 'cite keys'],
      cannot: ['save dates', 'where and when you met each paper'],
    });
    expect(importCarriesOf(formatById('ris'))).toEqual(importCarriesOf(formatById('csl-json')));
    expect(importCarriesOf(formatById('json'))).toEqual({ brings: ['everything, as it was written'], cannot: [] });
  });
});

describe('listWords', () => {
  it('joins with commas and a last "and" or "or"', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listWords(['a', 'b'], 'or')).toBe('a or b');
  });
});
