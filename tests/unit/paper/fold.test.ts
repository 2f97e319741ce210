import { describe, expect, it } from 'vitest';
import { foldLatinLetters, LATIN_LETTER_FOLDS } from '../../../lib/paper/fold.ts';

describe('foldLatinLetters', () => {
  it('gives every letter NFKD leaves whole its plain reading', () => {
    for (const [letter, plain] of Object.entries(LATIN_LETTER_FOLDS)) {
      expect(letter.normalize('NFKD').replace(/\p{M}/gu, '')).toBe(letter);
      expect(foldLatinLetters(`x${letter}y`)).toBe(`x${plain}y`);
    }
  });

  it('leaves other text alone', () => {
    expect(foldLatinLetters('ødegaard straße 李华 mueller')).toBe('odegaard strasse 李华 mueller');
  });
});
