import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { familyPart, nameText, type PersonName, splitName } from '../../../lib/paper/names.ts';

describe('splitName', () => {
  it.each([
    ['Ashish Vaswani', { family: 'Vaswani', given: 'Ashish' }],
    ['S. S. Gubser', { family: 'Gubser', given: 'S. S.' }],
    ['Ludwig van Beethoven', { family: 'Beethoven', given: 'Ludwig', particle: 'van' }],
    ['Jean de la Fontaine', { family: 'Fontaine', given: 'Jean', particle: 'de la' }],
    ['bell hooks', { family: 'hooks', given: 'bell' }],
    ['Martin Luther King Jr.', { family: 'King', given: 'Martin Luther', suffix: 'Jr.' }],
    ['Henry Ford II', { family: 'Ford', given: 'Henry', suffix: 'II' }],
    ['Müller, Jürgen', { family: 'Müller', given: 'Jürgen' }],
    ['King, Jr., Martin', { family: 'King', given: 'Martin', suffix: 'Jr.' }],
    ['van Beethoven, Ludwig', { family: 'Beethoven', given: 'Ludwig', particle: 'van' }],
    ['García Márquez, Gabriel', { family: 'García Márquez', given: 'Gabriel' }],
    ['李华', { literal: '李华' }],
    ['李 华', { family: '李', given: '华' }],
    ['山田 太郎', { family: '山田', given: '太郎' }],
    ['Plato', { literal: 'Plato' }],
    ['ATLAS Collaboration', { literal: 'ATLAS Collaboration' }],
    ['The Qwen Team', { literal: 'The Qwen Team' }],
    ['Google Brain, and, Friends, Inc', { literal: 'Google Brain, and, Friends, Inc' }],
    [', Given', { literal: ', Given' }],
    ['  Jürgen\n  Müller ', { family: 'Müller', given: 'Jürgen' }],
    [' \t ', undefined],
  ])('%j → %j', (name, split) => {
    expect(splitName(name)).toEqual(split);
  });

  it('never throws and never returns an empty part', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (name) => {
        const split = splitName(name);
        if (split === undefined) return;
        for (const part of Object.values(split)) expect(part).not.toBe('');
      }),
    );
  });
});

describe('nameText', () => {
  it.each<[PersonName, string]>([
    [{ family: 'Vaswani', given: 'Ashish' }, 'Ashish Vaswani'],
    [{ family: 'Reynolds', given: 'William T.', suffix: 'Jr.' }, 'William T. Reynolds Jr.'],
    [{ family: 'Beethoven', given: 'Ludwig', particle: 'van' }, 'Ludwig van Beethoven'],
    // The plain order would read as family "Márquez": the comma form keeps the two-word family name.
    [{ family: 'García Márquez', given: 'Gabriel' }, 'García Márquez, Gabriel'],
    // A suffix the plain order does not recognise stays a suffix through the comma form.
    [{ family: 'Smith', given: 'John', suffix: 'Esq.' }, 'Smith, Esq., John'],
    [{ family: '李', given: '华' }, '李 华'],
    [{ family: 'Curie', given: '' }, 'Curie'],
    [{ literal: 'ATLAS Collaboration' }, 'ATLAS Collaboration'],
  ])('%j → %j, which splitName reads back', (name, text) => {
    expect(nameText(name)).toBe(text);
    if ('family' in name && name.given !== '') expect(splitName(text)).toEqual(name);
  });

  it('round-trips every name splitName gives: stored string → parts → the same string', () => {
    const word = fc.stringMatching(/^[A-Z][a-zé]{1,8}$/);
    const lower = fc.constantFrom('van', 'de la', 'von', 'da');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.option(lower, { nil: undefined }),
        word,
        fc.option(fc.constantFrom('Jr.', 'III'), { nil: undefined }),
        (given, particle, family, suffix) => {
          const text = [given.join(' '), particle, family, suffix].filter(Boolean).join(' ');
          const split = splitName(text)!;
          expect(nameText(split)).toBe(text);
          if ('family' in split) expect(familyPart(split)).toBe(particle ? `${particle} ${family}` : family);
        },
      ),
    );
  });
});
