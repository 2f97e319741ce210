/** The text helpers the adapters and the schema migration share (lib/sites/parse-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { authorName, decodeEntities, isFirstListing, monthsAfterId } from '../../../lib/sites/parse-helpers.ts';

describe('decodeEntities', () => {
  it.each([
    ['D&#39;Mello', "D'Mello"],
    ['D&#x27;Mello', "D'Mello"],
    ['R&amp;D &quot;x&quot; &apos;y&apos;', 'R&D "x" \'y\''],
    [
      '&Eacute;mile Bront&euml; &Aring;ngstr&ouml;m Fran&ccedil;ois Gro&szlig; &Oslash;sterg&aring;rd',
      'Émile Brontë Ångström François Groß Østergård',
    ],
    ['&#128105;&#8205;&#128300;', '👩‍🔬'],
    ['a&nbsp;b', 'a\u00a0b'],
  ])('decodes %s', (input, output) => {
    expect(decodeEntities(input)).toBe(output);
  });

  it.each(['AT&T', 'a & b', '&#0;', '&#xD800;', '&#1114112;', '&bogus;', '&xacute;', '&amp', 'no entity'])(
    'leaves %s as written',
    (input) => {
      expect(decodeEntities(input)).toBe(input);
    },
  );

  it('decodes one layer only, and markup it spells stays text', () => {
    expect(decodeEntities('&amp;#39;')).toBe('&#39;');
    expect(decodeEntities('&lt;script&gt;')).toBe('<script>');
  });
});

describe('authorName', () => {
  it('drops the list conjunction arXiv puts in the last author link', () => {
    expect(authorName('and Roberto Flammini')).toBe('Roberto Flammini');
    expect(authorName('  and\n  Roberto   Flammini ')).toBe('Roberto Flammini');
  });

  it('keeps names that only look alike', () => {
    expect(authorName('Andrea Anders')).toBe('Andrea Anders');
    expect(authorName('And Roberto')).toBe('And Roberto');
    expect(authorName('and')).toBe('and');
    expect(authorName('   ')).toBeUndefined();
  });
});

describe('monthsAfterId / isFirstListing', () => {
  it('counts months from the id’s v1 month', () => {
    expect(monthsAfterId('2311.09412', '2026-09-22')).toBe(34);
    expect(monthsAfterId('2609.22268', '2026-09-22')).toBe(0);
    expect(monthsAfterId('math/0309136', '2003-10-01')).toBe(1);
    expect(monthsAfterId('2609.22268', '2026')).toBeUndefined();
  });

  it('takes a date in the id’s month, the month before or the first week of the next as a first listing; nothing else', () => {
    expect(isFirstListing('2609.22268', '2026-09-22')).toBe(true);
    expect(isFirstListing('2608.99999', '2026-09-01')).toBe(true);
    expect(isFirstListing('2608.99999', '2026-09-07')).toBe(true);
    expect(isFirstListing('2608.99999', '2026-09')).toBe(true);
    expect(isFirstListing('2608.09444', '2026-09-25')).toBe(false);
    expect(isFirstListing('2609.22268', '2026')).toBe(false);
    expect(isFirstListing('2612.00001', '2027-01-02')).toBe(true);
    expect(isFirstListing('2311.09412', '2026-09-22')).toBe(false);
    expect(isFirstListing('2607.00248', '2026-06-30')).toBe(true);
    expect(isFirstListing('2607.00248', '2026-05-30')).toBe(false);
  });
});
