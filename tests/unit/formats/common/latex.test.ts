/**
 * The one Unicode ↔ LaTeX table (lib/formats/common/latex-table.ts) and the two directions derived from it: every entry
 * is written as the BibTeX writer writes it and read back, and every LaTeX spelling it lists reads as its character.
 */
import { describe, expect, it } from 'vitest';
import { escapeBibtexText } from '../../../../lib/formats/bibtex/escape.ts';
import { decodeLatex } from '../../../../lib/formats/common/latex-decode.ts';
import { unicodeToTex } from '../../../../lib/formats/common/latex-encode.ts';
import {
  ASCII_FALLBACKS,
  GREEK_LOOKALIKES,
  LATEX_ACCENTS,
  LATEX_ESCAPED,
  LATEX_GREEK,
  LATEX_LETTERS,
  LATEX_MATH_SYMBOLS,
  LATEX_SYMBOLS,
  TEX_LIGATURES,
} from '../../../../lib/formats/common/latex-table.ts';

const TIE = '\u0361';

/** What a BibTeX title or author goes through: escaped as ASCII BibTeX, then read back by the importer. */
function roundTrip(text: string): { tex: string; plain: string } {
  return {
    tex: decodeLatex(escapeBibtexText(text, 'tex'), 'tex'),
    plain: decodeLatex(escapeBibtexText(text, 'plain'), 'plain'),
  };
}

describe('latex-table.ts accents', () => {
  it.each(LATEX_ACCENTS.map((accent) => [accent.command, accent.mark] as const))(
    '\\%s: written and read back',
    (command, mark) => {
      const letter = `o${mark}`.normalize('NFC');
      const written = unicodeToTex(letter);
      expect(written, 'an ASCII escape').toMatch(/^[\x20-\x7e]+$/);
      expect(written).toContain(`\\${command}`);
      expect(roundTrip(letter)).toEqual({ tex: letter, plain: letter });
      expect(roundTrip(`A${letter}z`)).toEqual({ tex: `A${letter}z`, plain: `A${letter}z` });
    },
  );

  it.each(LATEX_ACCENTS.map((accent) => [accent.command, accent.mark] as const))(
    '\\%s: every spelling reads as the letter',
    (command, mark) => {
      const letter = `o${mark}`.normalize('NFC');
      const spellings = [`\\${command}{o}`, `{\\${command}{o}}`];
      // A control word ends at the first non-letter and swallows the spaces after it; a control symbol takes the next
      // character as it is.
      if (/^[A-Za-z]+$/.test(command)) spellings.push(`\\${command} o`, `\\${command} {o}`);
      else spellings.push(`\\${command}o`, `{\\${command}o}`);
      for (const spelling of spellings) {
        expect(decodeLatex(spelling, 'tex'), spelling).toBe(letter);
        expect(decodeLatex(spelling, 'plain'), spelling).toBe(letter);
      }
    },
  );
});

describe('latex-table.ts letters', () => {
  it.each(LATEX_LETTERS.map((letter) => [letter.command, letter.char] as const))(
    '\\%s: written and read back as %s',
    (command, char) => {
      expect(unicodeToTex(char)).toBe(`{\\${command}}`);
      expect(roundTrip(char)).toEqual({ tex: char, plain: char });
      expect(roundTrip(`x${char}y`)).toEqual({ tex: `x${char}y`, plain: `x${char}y` });
    },
  );

  it.each(LATEX_LETTERS.map((letter) => [letter.command, letter.char] as const))(
    '\\%s: every spelling reads as %s',
    (command, char) => {
      for (const spelling of [`{\\${command}}`, `\\${command}{}`, `\\${command} `]) {
        expect(decodeLatex(spelling, 'tex'), spelling).toBe(char);
        expect(decodeLatex(spelling, 'plain'), spelling).toBe(char);
      }
    },
  );
});

describe('latex-table.ts escaped specials', () => {
  it.each([...LATEX_ESCAPED])('\\%s: written and read back', (char) => {
    expect(decodeLatex(`\\${char}`, 'tex')).toBe(char);
    expect(decodeLatex(`\\${char}`, 'plain')).toBe(char);
    expect(roundTrip(`a${char}b`)).toEqual({ tex: `a${char}b`, plain: `a${char}b` });
  });
});

describe('latex-table.ts symbols', () => {
  const ligatures = new Map(TEX_LIGATURES.map(({ char, tex }) => [char, tex]));

  it.each(
    LATEX_SYMBOLS.filter((symbol) => !ligatures.has(symbol.char)).map((symbol) => [symbol.char, symbol] as const),
  )('%s: written as the table says and read back', (char, symbol) => {
    const written = escapeBibtexText(`a${char}b`, 'plain');
    if (symbol.written) expect(written).toBe(`a\\${symbol.commands[0]}{}b`);
    else expect(written).not.toContain(`\\${symbol.commands[0]}`);
    expect(decodeLatex(written, 'plain')).toBe(`a${char}b`);
    // In a TeX title an ASCII special is TeX syntax (`a\b` holds the command `\b`), so only the others come back.
    if (/[^\x00-\x7f]/.test(char)) expect(roundTrip(`a${char}b`)).toEqual({ tex: `a${char}b`, plain: `a${char}b` });
  });

  // The one documented exception to the round trip: TeX's own ligatures stay TeX when read (latex-table.ts says why).
  it.each(TEX_LIGATURES.map(({ char, tex }) => [char, tex] as const))(
    '%s: written as the ligature %s, which reads as itself',
    (char, tex) => {
      expect(unicodeToTex(`a${char}b`)).toBe(`a${tex}b`);
      expect(roundTrip(`a${char}b`)).toEqual({ tex: `a${tex}b`, plain: `a${tex}b` });
      expect(
        LATEX_SYMBOLS.some((symbol) => symbol.char === char),
        'its command is read',
      ).toBe(true);
    },
  );

  it('drops variation selectors and joins a tie written in two halves', () => {
    // From library catalogue records (Google Scholar's profile of Einstein): `Kuznet︠s︡ov`, `Bemerkung︁`.
    expect(unicodeToTex('Kuznet\ufe20s\ufe21ov')).toBe('Kuzne{\\t{ts}}ov');
    expect(unicodeToTex('Bemerkung\ufe01 x\ufe0f')).toBe('Bemerkung x');
  });

  it.each(ASCII_FALLBACKS.map(({ char, ascii }) => [char, ascii] as const))(
    '%s: written as the ASCII %s it stands for',
    (char, ascii) => {
      expect(unicodeToTex(`a${char}b`)).toBe(`a${ascii}b`);
    },
  );

  it.each(LATEX_SYMBOLS.flatMap((symbol) => symbol.commands.map((command) => [command, symbol.char] as const)))(
    '\\%s reads as %s',
    (command, char) => {
      for (const spelling of [`\\${command}{}`, `\\${command} `, `{\\${command}}`]) {
        expect(decodeLatex(spelling, 'plain'), spelling).toBe(char);
      }
      expect(decodeLatex(`\\${command}{}`, 'tex')).toBe(char);
    },
  );

  it('lists each character and each command once', () => {
    const chars = [...LATEX_LETTERS.map((letter) => letter.char), ...LATEX_SYMBOLS.map((symbol) => symbol.char)];
    const commands = [
      ...LATEX_ACCENTS.map((accent) => accent.command),
      ...LATEX_LETTERS.map((letter) => letter.command),
      ...LATEX_SYMBOLS.flatMap((symbol) => symbol.commands),
    ];
    expect(new Set(chars).size).toBe(chars.length);
    expect(new Set(commands).size).toBe(commands.length);
    expect(new Set(LATEX_ACCENTS.map((accent) => accent.mark)).size).toBe(LATEX_ACCENTS.length);
  });
});

describe('comma below and the tie', () => {
  it('writes Romanian ș ț Ș Ț with the comma below, not the cedilla of Turkish ş', () => {
    expect(unicodeToTex('ș ț Ș Ț ş')).toBe(
      '{\\textcommabelow{s}} {\\textcommabelow{t}} {\\textcommabelow{S}} {\\textcommabelow{T}} {\\c{s}}',
    );
    expect(decodeLatex('{\\textcommabelow{s}}i \\c{s}', 'tex')).toBe('și ş');
  });

  it('puts the tie over both letters (t͡s), as LaTeX and Unicode each write it', () => {
    expect(unicodeToTex(`t${TIE}s`)).toBe('{\\t{ts}}');
    expect(unicodeToTex(`e\u0301${TIE}e`)).toBe("{\\t{{\\'e}e}}");
    expect(decodeLatex('\\t{ts}', 'tex')).toBe(`t${TIE}s`);
    expect(decodeLatex('{\\t{ts}}', 'tex')).toBe(`t${TIE}s`);
    expect(roundTrip(`Tse${TIE}tlin t${TIE}s`)).toEqual({
      tex: `Tse${TIE}tlin t${TIE}s`,
      plain: `Tse${TIE}tlin t${TIE}s`,
    });
    // A tie with no letter after it, or before a letter LaTeX cannot write, goes over its own letter.
    expect(unicodeToTex(`t${TIE}`)).toBe('{\\t{t}}');
    expect(unicodeToTex(`t${TIE}李`)).toBe('{\\t{t}}李');
  });

  it('leaves names of Object.prototype alone (they are no commands of the table)', () => {
    expect(decodeLatex('\\constructor{x} \\toString y', 'tex')).toBe('\\constructor{x} \\toString y');
    expect(decodeLatex('\\constructor{x} \\toString y', 'plain')).toBe('x y');
  });
});

describe('decodeLatex', () => {
  it.each([
    ['{\\"u}ber \\"Uber \\"{u}ber', 'tex', 'über Über über'],
    ['{\\o} {\\O} \\ss{} \\aa\\AA{} {\\l}{\\L} \\ae', 'tex', 'ø Ø ß åÅ łŁ æ'],
    ['\\v{s}\\v c \\c{c} \\H{o} \\k{a} \\u{g} \\r{u} \\=a \\.z \\~n \\^e \\`a', 'tex', 'šč ç ő ą ğ ů ā ż ñ ê à'],
    // A control word swallows the spaces after it, as in TeX.
    ["\\'{\\i}\\'\\i \\\"\\i", 'tex', 'ííï'],
    [
      '\\textbackslash{} \\textasciitilde{} \\textasciicircum{} \\textless{}\\textgreater{} \\textbar{}',
      'tex',
      '\\ ~ ^ <> |',
    ],
    ['a \\{\\vphantom{\\}}b\\vphantom{\\{}\\} c', 'tex', 'a {b} c'],
    ['\\& \\% \\# \\_ \\$', 'tex', '& % # _ $'],
    ['$\\"u$ and $$x$$ and \\$5', 'tex', '$\\"u$ and $$x$$ and $5'],
    ['{BERT} \\emph{x} a~b \\\\ c', 'tex', '{BERT} \\emph{x} a~b \\\\ c'],
    ['{BERT} \\emph{x} a~b \\\\ c', 'plain', 'BERT x a b   c'],
    ['{Müller} 李华 \\ldots \\textendash', 'plain', 'Müller 李华 …–'],
    ['unbalanced { and } and \\', 'tex', 'unbalanced { and } and \\'],
    ['unbalanced { and } and \\', 'plain', 'unbalanced  and  and \\'],
    ['\\"', 'tex', '\u0308'],
  ] as const)('%j (%s) → %j', (text, mode, decoded) => {
    expect(decodeLatex(text, mode)).toBe(decoded);
  });
});

describe('latex-table.ts Greek', () => {
  it.each(LATEX_GREEK.map(({ char, command }) => [command, char] as const))(
    '\\%s: written as math and read back as %s',
    (command, char) => {
      expect(unicodeToTex(char)).toBe(`{$\\${command}$}`);
      expect(unicodeToTex(`${char}x`, true)).toBe(`\\${command} x`);
      expect(unicodeToTex(`${char}+1`, true)).toBe(`\\${command}+1`);
      expect(decodeLatex(`$\\${command}$`, 'tex')).toBe(char);
      expect(decodeLatex(`{$\\${command}$}`, 'plain')).toBe(char);
      expect(roundTrip(`a-${char}-b`)).toEqual({ tex: `a-${char}-b`, plain: `a-${char}-b` });
    },
  );

  // Google Scholar titles carry them as text (`a ±0.5 K shift`); pdflatex's text fonts have no glyph for any.
  it.each(LATEX_MATH_SYMBOLS.map(({ char, command }) => [command, char] as const))(
    'math symbol \\%s: written as math and read back as %s',
    (command, char) => {
      expect(unicodeToTex(char)).toBe(`{$\\${command}$}`);
      expect(unicodeToTex(`${char}x`, true)).toBe(`\\${command} x`);
      expect(decodeLatex(`{$\\${command}$}`, 'plain')).toBe(char);
      expect(roundTrip(`T = 3 ${char} 1`)).toEqual({ tex: `T = 3 ${char} 1`, plain: `T = 3 ${char} 1` });
      expect(escapeBibtexText(`a ${char}0.5 K`, 'plain')).toMatch(/^[\x20-\x7e]+$/);
    },
  );

  it('writes the capitals LaTeX has no command for as upright Latin, one way', () => {
    for (const { char, latin } of GREEK_LOOKALIKES) expect(unicodeToTex(char)).toBe(`{$\\mathrm{${latin}}$}`);
    expect(decodeLatex('$\\mathrm{A}$', 'tex')).toBe('$\\mathrm{A}$');
  });

  it('reads a math span of one Greek letter, command or letter, as the letter; longer math stays TeX', () => {
    expect(decodeLatex('$\\Delta$ $ \\alpha $ $Δ$ $\\alpha+\\beta$ $\\Deltax$ $$\\alpha$$', 'tex')).toBe(
      'Δ α Δ $\\alpha+\\beta$ $\\Deltax$ $$\\alpha$$',
    );
  });
});

describe('decodeLatex options', () => {
  it.each([
    ['Delving {{Deep}} into {{Rectifiers}}', 'Delving Deep into Rectifiers'],
    ['{MOT}16: {A} Benchmark', 'MOT16: A Benchmark'],
    ['\\emph{x} \\frac{a}{b} {\\em y} {\\"U}ber {\\relax z}', '\\emph{x} \\frac{a}{b} {\\em y} Über {\\relax z}'],
    ['{$x^{2}$} and $\\mathcal{L}$', '$x^{2}$ and $\\mathcal{L}$'],
    ['\\LaTeX {Rocks}', '\\LaTeX Rocks'],
  ])('groups: strip reads %j as BibTeX prints it: %j', (text, decoded) => {
    expect(decodeLatex(text, 'tex', { groups: 'strip' })).toBe(decoded);
  });

  it('escapes: keep leaves the escapes whose character is TeX syntax', () => {
    expect(
      decodeLatex('\\$5 \\{x\\} \\textbackslash{}y \\textasciitilde{} \\& \\"u \\ldots', 'tex', { escapes: 'keep' }),
    ).toBe('\\$5 \\{x\\} \\textbackslash{}y \\textasciitilde{} & ü …');
  });
});
