import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, foldText, foldWithOffsets, originalSpan } from '../../../lib/search/fold.ts';

// Characters where NFKD, mark removal, case and whitespace interact: combining marks after ASCII letters, letters
// that decompose to ASCII (ﬁ, Ａ, ①), İ (lowercases to i + a mark), final sigma, non-breaking spaces, TeX characters,
// a letter outside the BMP (𝐀, which NFKD turns into A), a Hangul syllable (three jamo).
const tricky = [
  'a',
  'e',
  'I',
  'É',
  '\u0301',
  '\u0327',
  '\u0345',
  ' ',
  '\t',
  '\u00a0',
  'Σ',
  'ς',
  'ﬁ',
  '①',
  'Ａ',
  'İ',
  'ß',
  'Ø',
  '李',
  '$',
  '{',
  '\\',
  '\x01',
  '\x02',
];
const trickyText = fc.array(fc.constantFrom(...tricky, '𝐀', '한'), { maxLength: 12 }).map((chars) => chars.join(''));

describe('fold', () => {
  it('folds accents and TeX markers', () => {
    expect(fold('  Ødegaard  $\\alpha$ {BERT} ')).toBe('ødegaard alpha bert');
  });
});

describe('foldText', () => {
  it('equals fold for any input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(foldText(text)).toBe(fold(text));
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...tricky), { maxLength: 12 }).map((chars) => chars.join('')),
        (text) => {
          expect(foldText(text)).toBe(fold(text));
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(foldText(text)).toBe(fold(text));
      }),
    );
  });
});

describe('foldWithOffsets', () => {
  it('folds as fold does, for any input', () => {
    for (const text of [fc.string(), fc.string({ unit: 'binary' }), trickyText]) {
      fc.assert(
        fc.property(text, (value) => {
          expect(foldWithOffsets(value).text).toBe(fold(value));
        }),
        { numRuns: 1000 },
      );
    }
  });

  it('maps every folded unit back to the characters it came from', () => {
    fc.assert(
      fc.property(fc.oneof(trickyText, fc.string({ unit: 'binary' })), (value) => {
        const folded = foldWithOffsets(value);
        let previous = 0;
        for (let unit = 0; unit < folded.text.length; unit += 1) {
          const [start, end] = originalSpan(folded, unit, unit + 1);
          expect(previous <= start && start < end && end <= value.length).toBe(true);
          previous = start;
          // The span folds to the unit itself (a space stands for a whitespace run, which folds to nothing alone);
          // σ and ς differ only by their place in a word, which a one-character span cannot show.
          const expected = folded.text[unit] === ' ' ? '' : folded.text[unit]!.replace('ς', 'σ');
          expect(fold(value.slice(start, end)).replace('ς', 'σ')).toContain(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('spans accents, ligatures, TeX and whitespace runs in the stored text', () => {
    const name = foldWithOffsets('Jürgen Schmidhüber');
    expect(name.text).toBe('jurgen schmidhuber');
    expect(originalSpan(name, 7, 18)).toEqual([7, 18]);
    const title = foldWithOffsets('  {BERT}  of ﬁve');
    expect(title.text).toBe('bert of five');
    expect(originalSpan(title, 0, 4)).toEqual([3, 7]);
    expect(originalSpan(title, 4, 5)).toEqual([7, 10]);
    expect(originalSpan(title, 8, 9)).toEqual([13, 14]);
    // A decomposed é: the e and its combining accent are one character of the stored text.
    const decomposed = foldWithOffsets('Cafe\u0301 au lait');
    expect(decomposed.text).toBe('cafe au lait');
    expect(originalSpan(decomposed, 0, 4)).toEqual([0, 4]);
    const astral = foldWithOffsets('𝐀B');
    expect([originalSpan(astral, 0, 1), originalSpan(astral, 1, 2)]).toEqual([
      [0, 2],
      [2, 3],
    ]);
    // Text that only needs lowercasing keeps its offsets.
    expect(originalSpan(foldWithOffsets('Graph Neural'), 6, 12)).toEqual([6, 12]);
  });
});
