import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arxivIdFromUrl,
  arxivIdOfKey,
  isPaperKey,
  keyFromDoi,
  paperKeyOf,
  parseArxivId,
} from '../../../lib/paper/ids.ts';

describe('parseArxivId', () => {
  it.each([
    // New style (from 0704), with and without version and prefix.
    ['2401.12345', { id: '2401.12345' }],
    ['2401.12345v2', { id: '2401.12345', version: 2 }],
    ['arXiv:2401.12345', { id: '2401.12345' }],
    ['arxiv:2401.12345v13', { id: '2401.12345', version: 13 }],
    ['ARXIV:2401.12345', { id: '2401.12345' }],
    ['  2401.12345  ', { id: '2401.12345' }],
    ['2401.12345.pdf', { id: '2401.12345' }],
    ['2401.12345v2.pdf', { id: '2401.12345', version: 2 }],
    ['0704.0001', { id: '0704.0001' }],
    ['1412.9999', { id: '1412.9999' }],
    ['1501.00001', { id: '1501.00001' }],
    ['1706.03762v7', { id: '1706.03762', version: 7 }],
    // Old style (1991-08 to 2007-03): archive lowercased, subject class dropped, hyphen repaired.
    ['hep-th/9901001', { id: 'hep-th/9901001' }],
    ['hep-th/9901001v2', { id: 'hep-th/9901001', version: 2 }],
    ['arXiv:hep-th/9901001', { id: 'hep-th/9901001' }],
    ['math.GT/0309136', { id: 'math/0309136' }],
    ['math.CA/0611800v2', { id: 'math/0611800', version: 2 }],
    ['hepth/9901001', { id: 'hep-th/9901001' }],
    ['condmat/0102003', { id: 'cond-mat/0102003' }],
    ['Math/0309136', { id: 'math/0309136' }],
    ['HEP-TH/9901001', { id: 'hep-th/9901001' }],
    ['hep-th/9108001', { id: 'hep-th/9108001' }],
    ['cs/0703001', { id: 'cs/0703001' }],
  ])('%s → %o', (input, expected) => {
    expect(parseArxivId(input)).toEqual(expected);
  });

  it.each([
    ['1412.12345', 'five-digit sequence before 2015'],
    ['1601.1234', 'four-digit sequence from 2015'],
    ['1501.0001', 'four-digit sequence in 2015-01'],
    ['2400.12345', 'month 00'],
    ['2413.12345', 'month 13'],
    ['0703.1234', 'before April 2007'],
    ['0612.1234', 'year 2006, new style did not exist'],
    ['2401.00000', 'sequence 0'],
    ['1001.0000', 'sequence 0, four digits'],
    ['2401.12345v0', 'version 0'],
    ['2401.12345v01', 'version with a leading zero'],
    ['2401.12345V2', 'upper-case V'],
    ['2401.123456', 'six-digit sequence'],
    ['2401.123', 'three-digit sequence'],
    ['24011.2345', 'misplaced dot'],
    ['bogus-arch/9901001', 'unknown archive'],
    ['hep-th/9001001', 'before 1991'],
    ['hep-th/9107001', 'before 1991-08'],
    ['hep-th/0704001', 'old style after 2007-03'],
    ['hep-th/1001001', 'old style in 2010'],
    ['hep-th/9913001', 'old style month 13'],
    ['hep-th/9901000', 'old style number 0'],
    ['hep-th/9901001v0', 'old style version 0'],
    ['hep-th/990100', 'old style too short'],
    ['math.GTX/0309136', 'subject class of three letters'],
    ['', 'empty'],
    ['arXiv:', 'prefix only'],
    ['doi:10.48550/arXiv.2401.12345', 'a DOI is not an id'],
  ])('rejects %s (%s)', (input) => {
    expect(parseArxivId(input)).toBeUndefined();
  });
});

describe('keyFromDoi', () => {
  it.each([
    ['10.48550/arXiv.2401.12345', 'arxiv:2401.12345'],
    ['10.48550/ARXIV.2401.12345', 'arxiv:2401.12345'],
    ['10.48550/arxiv.2401.12345', 'arxiv:2401.12345'],
    ['https://doi.org/10.48550/arXiv.2401.12345', 'arxiv:2401.12345'],
    ['http://dx.doi.org/10.48550/arXiv.2401.12345', 'arxiv:2401.12345'],
    ['doi:10.48550/arXiv.2401.12345', 'arxiv:2401.12345'],
    ['DOI: 10.48550/arXiv.2401.12345', 'arxiv:2401.12345'],
    ['10.48550%2FarXiv.2401.12345', 'arxiv:2401.12345'],
    ['https://doi.org/10.48550%2FarXiv.2401.12345', 'arxiv:2401.12345'],
    ['10.48550/arXiv.math/0510544', 'arxiv:math/0510544'],
    ['10.48550/arXiv.hep-th/9901001', 'arxiv:hep-th/9901001'],
    ['10.1101/2021.08.03.454978', 'doi:10.1101/2021.08.03.454978'],
    ['10.18653/v1/N18-1001', 'doi:10.18653/v1/n18-1001'],
    ['https://doi.org/10.18653/v1/N18-1001', 'doi:10.18653/v1/n18-1001'],
    ['doi:10.1038/S41586-021-03819-2', 'doi:10.1038/s41586-021-03819-2'],
    ['10.1101/2021.08.03.454978.', 'doi:10.1101/2021.08.03.454978'],
    ['10.1101/2021.08.03.454978,', 'doi:10.1101/2021.08.03.454978'],
    ['  10.1000/xyz123  ', 'doi:10.1000/xyz123'],
    // A lone `%` is not an escape; the DOI is kept as written.
    ['10.1000/100%pure', 'doi:10.1000/100%pure'],
    // Unescaped once only: the key must still pass isPaperKey (see below).
    ['10.1000/x%2541', 'doi:10.1000/x%41'],
  ])('%s → %s', (input, expected) => {
    expect(keyFromDoi(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['10.1101', 'no suffix'],
    ['10.1101/', 'empty suffix'],
    ['10.12/abc', 'registrant code too short'],
    ['11.1101/abc', 'not a 10. prefix'],
    ['10.1101/a b', 'whitespace inside'],
    ['https://example.org/10.1101/abc', 'not a DOI resolver'],
    ['2401.12345', 'an arXiv id'],
    ['10.48550/arXiv.1412.12345', 'arXiv DOI with an impossible id'],
    ['10.48550/arXiv.', 'arXiv DOI without an id'],
    ['10.48550/zenodo.123', 'arXiv prefix without arXiv.'],
    ['hello world', 'prose'],
  ])('rejects %s (%s)', (input) => {
    expect(keyFromDoi(input)).toBeUndefined();
  });
});

describe('arxivIdFromUrl', () => {
  it.each([
    ['https://arxiv.org/abs/2401.12345', { id: '2401.12345' }],
    ['https://arxiv.org/abs/2401.12345v3', { id: '2401.12345', version: 3 }],
    ['https://arxiv.org/pdf/2401.12345v2', { id: '2401.12345', version: 2 }],
    ['https://arxiv.org/pdf/2401.12345.pdf', { id: '2401.12345' }],
    ['https://arxiv.org/pdf/2401.12345v2.pdf', { id: '2401.12345', version: 2 }],
    ['https://arxiv.org/html/2401.12345v2/', { id: '2401.12345', version: 2 }],
    ['https://arxiv.org/html/2401.12345v2/figures/x1.png', { id: '2401.12345', version: 2 }],
    ['https://arxiv.org/format/2401.12345', { id: '2401.12345' }],
    ['https://arxiv.org/abs/hep-th/9901001', { id: 'hep-th/9901001' }],
    ['https://arxiv.org/abs/hep-th/9901001v2', { id: 'hep-th/9901001', version: 2 }],
    ['https://arxiv.org/pdf/hep-th/9901001v1.pdf', { id: 'hep-th/9901001', version: 1 }],
    ['https://arxiv.org/abs/math.GT/0309136', { id: 'math/0309136' }],
    ['https://www.arxiv.org/abs/2401.12345', { id: '2401.12345' }],
    ['http://arxiv.org/abs/2401.12345', { id: '2401.12345' }],
    ['https://export.arxiv.org/abs/2401.12345', { id: '2401.12345' }],
    ['https://export.arxiv.org/abs/hep-th/9901001', { id: 'hep-th/9901001' }],
    ['https://arxiv.org/abs/2401.12345?context=cs.LG', { id: '2401.12345' }],
    ['https://arxiv.org/abs/2401.12345#S3', { id: '2401.12345' }],
    ['https://ar5iv.labs.arxiv.org/html/2401.12345', { id: '2401.12345' }],
    ['https://ar5iv.org/abs/2401.12345', { id: '2401.12345' }],
    ['https://huggingface.co/papers/2401.12345', { id: '2401.12345' }],
    ['https://huggingface.co/papers/2401.12345.md', { id: '2401.12345' }],
    ['https://huggingface.co/papers/2401.12345#community', { id: '2401.12345' }],
    ['https://huggingface.co/api/papers/2401.12345', { id: '2401.12345' }],
    ['https://hf.co/papers/2401.12345', { id: '2401.12345' }],
    ['https://www.alphaxiv.org/abs/2401.12345', { id: '2401.12345' }],
    ['https://alphaxiv.org/overview/2401.12345v2', { id: '2401.12345', version: 2 }],
    [new URL('https://arxiv.org/abs/2401.12345'), { id: '2401.12345' }],
  ])('%s → %o', (input, expected) => {
    expect(arxivIdFromUrl(input)).toEqual(expected);
  });

  it.each([
    'https://arxiv.org/list/cs/new',
    'https://arxiv.org/list/cs.LG/recent',
    'https://arxiv.org/',
    'https://arxiv.org/abs/',
    'https://arxiv.org/abs/hep-th?papernum=9901001',
    'https://arxiv.org/search/?query=transformers',
    'https://arxiv.org/abs/2401.12345v0',
    'https://arxiv.org/abs/1412.12345',
    'https://huggingface.co/papers',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers/date/2026-07-02',
    'https://huggingface.co/papers/month/2026-07',
    'https://huggingface.co/2401.12345',
    'https://www.alphaxiv.org/',
    'https://example.org/abs/2401.12345',
    'https://arxiv.org.evil.example/abs/2401.12345',
    'https://doi.org/10.48550/arXiv.2401.12345',
    'not a url',
    '',
    // A malformed escape in the path must not throw.
    'https://arxiv.org/abs/%E0%A4%A',
    'https://huggingface.co/papers/%',
  ])('%s → undefined', (input) => {
    expect(arxivIdFromUrl(input)).toBeUndefined();
  });
});

describe('paperKeyOf', () => {
  it.each([
    ['2401.12345', 'arxiv:2401.12345'],
    ['2401.12345v2', 'arxiv:2401.12345'],
    ['arXiv:2401.12345v2', 'arxiv:2401.12345'],
    ['hep-th/9901001v3', 'arxiv:hep-th/9901001'],
    ['math.GT/0309136', 'arxiv:math/0309136'],
    ['hepth/9901001', 'arxiv:hep-th/9901001'],
    ['Math/0309136', 'arxiv:math/0309136'],
    ['10.48550/arXiv.2401.12345', 'arxiv:2401.12345'],
    ['https://doi.org/10.48550/ARXIV.2401.12345', 'arxiv:2401.12345'],
    ['doi:10.48550/arXiv.math/0510544', 'arxiv:math/0510544'],
    ['10.48550%2Farxiv.2401.12345', 'arxiv:2401.12345'],
    ['10.1101/2021.08.03.454978', 'doi:10.1101/2021.08.03.454978'],
    ['https://doi.org/10.18653/v1/N18-1001', 'doi:10.18653/v1/n18-1001'],
    ['http://dx.doi.org/10.18653/v1/N18-1001.', 'doi:10.18653/v1/n18-1001'],
    ['https://arxiv.org/abs/2401.12345', 'arxiv:2401.12345'],
    ['https://arxiv.org/abs/2401.12345v3', 'arxiv:2401.12345'],
    ['https://arxiv.org/pdf/2401.12345v2', 'arxiv:2401.12345'],
    ['https://arxiv.org/pdf/2401.12345.pdf', 'arxiv:2401.12345'],
    ['https://arxiv.org/html/2401.12345v2/', 'arxiv:2401.12345'],
    ['https://arxiv.org/abs/hep-th/9901001', 'arxiv:hep-th/9901001'],
    ['https://export.arxiv.org/abs/2401.12345', 'arxiv:2401.12345'],
    ['https://arxiv.org/abs/2401.12345?context=cs.LG', 'arxiv:2401.12345'],
    ['https://ar5iv.labs.arxiv.org/html/2401.12345', 'arxiv:2401.12345'],
    ['https://huggingface.co/papers/2401.12345', 'arxiv:2401.12345'],
    ['https://huggingface.co/api/papers/2401.12345', 'arxiv:2401.12345'],
    ['https://www.alphaxiv.org/abs/2401.12345', 'arxiv:2401.12345'],
    ['https://www.alphaxiv.org/overview/2401.12345', 'arxiv:2401.12345'],
  ])('%s → %s', (input, expected) => {
    expect(paperKeyOf(input)).toBe(expected);
  });

  it.each([
    'https://arxiv.org/list/cs/new',
    'https://huggingface.co/papers',
    'https://huggingface.co/papers/date/2026-07-02',
    'https://example.org/paper/10.1101/2021.08.03.454978',
    'https://arxiv.org/abs/%E0%A4%A',
    '1412.12345',
    'garbage',
    '',
  ])('%s → undefined', (input) => {
    expect(paperKeyOf(input)).toBeUndefined();
  });
});

describe('isPaperKey', () => {
  it.each([
    'arxiv:2401.12345',
    'arxiv:0704.0001',
    'arxiv:hep-th/9901001',
    'arxiv:math/0309136',
    'doi:10.1101/2021.08.03.454978',
    'doi:10.18653/v1/n18-1001',
    'doi:10.1000/100%pure',
    'doi:10.1000/x%41',
  ])('accepts %s', (key) => {
    expect(isPaperKey(key)).toBe(true);
  });

  it.each([
    'arxiv:2401.12345v2',
    'arxiv:MATH/0309136',
    'arxiv:math.GT/0309136',
    'arxiv:hepth/9901001',
    'arxiv: 2401.12345',
    'arxiv:2401.12345 ',
    'arXiv:2401.12345',
    'arxiv:arxiv:2401.12345',
    'arxiv:',
    'doi:10.1101/ABC',
    'doi:10.1101/abc.',
    'doi:10.48550/arxiv.2401.12345',
    'doi:https://doi.org/10.1101/abc',
    'doi:doi:10.1101/abc',
    'doi:10.1101%2fabc',
    'DOI:10.1101/abc',
    'doi:',
    '2401.12345',
    '10.1101/abc',
    'garbage',
    '',
  ])('rejects %s', (key) => {
    expect(isPaperKey(key)).toBe(false);
  });
});

describe('arxivIdOfKey', () => {
  it.each([
    ['arxiv:2401.12345', '2401.12345'],
    ['arxiv:hep-th/9901001', 'hep-th/9901001'],
    ['doi:10.1101/abc', undefined],
  ])('%s → %s', (key, expected) => {
    expect(arxivIdOfKey(key)).toBe(expected);
  });
});

describe('properties', () => {
  const doiLike = fc
    .tuple(
      fc.stringMatching(/^\d{4,9}$/),
      fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
        // Escapes, nested escapes and the arXiv prefix are where normalisation can go wrong.
        fc.string({ unit: fc.constantFrom('%', '2', '5', '4', '1', 'F', 'a', 'A', '/', '.', 'arXiv.'), minLength: 1 }),
      ),
    )
    .map(([registrant, suffix]) => `10.${registrant}/${suffix}`);

  it('every key keyFromDoi produces is a valid key, and re-keying it is stable', () => {
    fc.assert(
      fc.property(fc.oneof(doiLike, fc.string({ unit: 'binary' })), (input) => {
        const key = keyFromDoi(input);
        if (key === undefined) return;
        expect(isPaperKey(key)).toBe(true);
        expect(paperKeyOf(key.startsWith('doi:') ? key.slice(4) : key)).toBeDefined();
      }),
    );
  });

  it('paperKeyOf never throws and only returns valid keys', () => {
    const urlish = fc
      .tuple(
        fc.constantFrom(
          'https://arxiv.org/abs/',
          'https://huggingface.co/papers/',
          'https://doi.org/',
          'https://alphaxiv.org/abs/',
        ),
        fc.string({ unit: 'binary', maxLength: 30 }),
      )
      .map(([prefix, rest]) => prefix + rest);
    fc.assert(
      fc.property(fc.oneof(urlish, doiLike, fc.string({ unit: 'binary' })), (input) => {
        const key = paperKeyOf(input);
        if (key !== undefined) expect(isPaperKey(key)).toBe(true);
      }),
    );
  });

  it('every valid new-style id round-trips through its key', () => {
    const newStyle = fc
      .tuple(fc.integer({ min: 7, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 99999 }))
      .filter(([yy, mm]) => yy > 7 || mm >= 4)
      .map(([yy, mm, seq]) => {
        const digits = yy < 15 ? 4 : 5;
        const clamped = digits === 4 ? (seq % 9999) + 1 : seq;
        return `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(clamped).padStart(digits, '0')}`;
      });
    fc.assert(
      fc.property(newStyle, fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }), (id, version) => {
        const input = version === undefined ? id : `${id}v${version}`;
        expect(parseArxivId(input)).toEqual(version === undefined ? { id } : { id, version });
        expect(isPaperKey(`arxiv:${id}`)).toBe(true);
        expect(paperKeyOf(`https://arxiv.org/abs/${input}`)).toBe(`arxiv:${id}`);
      }),
    );
  });
});
