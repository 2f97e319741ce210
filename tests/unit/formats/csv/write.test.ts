import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, csvTable, formatCsv, toCsv } from '../../../../lib/formats/csv/write.ts';
import { golden, hardCases, hostilePaper, hostileText, paper } from '../papers.ts';

/**
 * A tiny RFC 4180 reader, written independently of the writer: strips one BOM, reads quoted fields with `""` escapes
 * (which may hold CR and LF), splits records at CRLF. Throws on anything RFC 4180 does not allow.
 */
function parseCsv(text: string): string[][] {
  let i = text.startsWith('\ufeff') ? 1 : 0;
  const rows: string[][] = [];
  let row: string[] = [];
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else {
          field += text[i];
          i += 1;
        }
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i];
        i += 1;
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
    }
  }
  if (row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}

/** What the reader should give back for a written value: the value, with the guard's `'` when it starts a formula. */
const guarded = (value: string) => (/^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value);

describe('toCsv', () => {
  it('matches hard-cases.csv byte for byte (BOM, CRLF)', () => {
    expect(toCsv(hardCases)).toBe(golden('hard-cases.csv'));
  });

  it('writes the BOM and header for no papers', () => {
    expect(toCsv([])).toBe(`\ufeff${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('puts the title first, for Notion', () => {
    expect(CSV_COLUMNS[0]).toBe('title');
  });

  it('writes year and published as precisely as known, nothing for an undated paper, and the journal DOI', () => {
    const row = (fields: Parameters<typeof paper>[1], key: 'doi:10.1000/x' | 'arxiv:1512.03385' = 'doi:10.1000/x') => {
      const [header, values] = csvTable([paper(key, fields)]);
      return Object.fromEntries(header!.map((column, index) => [column, values![index]]));
    };
    expect(row({ title: 'T', authors: [] })).toMatchObject({ year: '', published: '' });
    expect(row({ title: 'T', authors: [], published: '2015' })).toMatchObject({ year: '2015', published: '2015' });
    expect(row({ title: 'T', authors: [], published: '2015-05' })).toMatchObject({ published: '2015-05' });
    expect(row({ title: 'T', authors: [], doi: '10.1109/cvpr.2016.90' }, 'arxiv:1512.03385')).toMatchObject({
      published: '2015-12',
      doi: '10.1109/cvpr.2016.90',
    });
  });

  it('keeps the note’s lines and drops invisible controls from it', () => {
    const [, values] = csvTable([paper('doi:10.1000/x', { title: 'T', authors: [], note: 'a\u202eb\nc\u200b' })]);
    expect(values![CSV_COLUMNS.indexOf('note')]).toBe('ab\nc');
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\ronly', '"cr\ronly"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', `"'\rCR"`],
    ['\0NUL', "'\0NUL"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    [' =1', ' =1'],
    ['a=1', 'a=1'],
    ["'quoted", "'quoted"],
  ])('%j → %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});

describe('toCsv properties', () => {
  it('reads back every field of arbitrary rows (with the guard) and the row count', () => {
    fc.assert(
      fc.property(fc.array(fc.array(hostileText, { minLength: 1, maxLength: 5 }), { maxLength: 5 }), (rows) => {
        const parsed = parseCsv(formatCsv(rows));
        expect(parsed).toEqual(rows.map((row) => row.map(guarded)));
      }),
      { numRuns: 500 },
    );
  });

  it('reads back the table of arbitrary papers: header plus one row each', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), (papers) => {
        const text = toCsv(papers);
        expect(text.startsWith('\ufeff')).toBe(true);
        const parsed = parseCsv(text);
        expect(parsed).toHaveLength(papers.length + 1);
        expect(parsed.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
        const table = csvTable(papers);
        // Each field comes back as written, or with the guard's `'` in front when it would start a formula.
        expect(parsed).toEqual(table.map((row) => row.map(guarded)));
      }),
      { numRuns: 300 },
    );
  });
});
