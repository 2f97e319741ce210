/**
 * Latin letters that NFKD leaves whole and mark stripping cannot reduce (ø is not o + a mark): their plain reading,
 * shared by everything that compares or spells names in ASCII (cite keys, the duplicate finder).
 */
export const LATIN_LETTER_FOLDS: Readonly<Record<string, string>> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  ı: 'i',
  ȷ: 'j',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'ng',
};

const FOLDABLE = new RegExp(`[${Object.keys(LATIN_LETTER_FOLDS).join('')}]`, 'gu');

/** `text` (lowercase) with every letter of LATIN_LETTER_FOLDS replaced by its plain reading; other text unchanged. */
export function foldLatinLetters(text: string): string {
  return text.replace(FOLDABLE, (char) => LATIN_LETTER_FOLDS[char] ?? char);
}
