import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arxivIdFromUrl,
  arxivIdOfKey,
  bestKey,
  doiFromUrl,
  isPaperKey,
  keyFromDblp,
  keyFromDoi,
  keyKind,
  keyValue,
  normalizeUrl,
  paperKeyOf,
  paperKeyOfUrl,
  parseAclId,
  parseArxivId,
  urlKey,
} from '../../../lib/paper/ids.ts';
import { paperPageUrl } from '../../../lib/paper/links.ts';

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

describe('key kinds beyond arXiv and DOIs', () => {
  it.each([
    ['openreview:LzPWWPAdY4', 'openreview', 'LzPWWPAdY4'],
    ['acl:2020.acl-main.1', 'acl', '2020.acl-main.1'],
    ['pmid:31452104', 'pmid', '31452104'],
    ['s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776', 's2', '204e3073870fae3d05bcbc2f6a8e263d9b72e776'],
    ['dblp:conf/acl/SmithJ20', 'dblp', 'conf/acl/SmithJ20'],
    ['url:https://example.org/paper?id=3', 'url', 'https://example.org/paper?id=3'],
    ['arxiv:2401.12345', 'arxiv', '2401.12345'],
    ['doi:10.1000/xyz', 'doi', '10.1000/xyz'],
  ])('%s is a valid key of kind %s with value %s', (key, kind, value) => {
    expect(isPaperKey(key)).toBe(true);
    expect(keyKind(key)).toBe(kind);
    expect(keyValue(key)).toBe(value);
    // A key is its own key.
    if (kind !== 'url') expect(paperKeyOf(key)).toBe(key);
  });

  it('names no kind for strings that are not keys', () => {
    expect(keyKind('isbn:123')).toBeUndefined();
    expect(keyKind('garbage')).toBeUndefined();
    expect(keyKind(':x')).toBeUndefined();
  });

  it.each([
    // Anthology ids as the Anthology writes them.
    ['2020.acl-main.1', '2020.acl-main.1'],
    ['2020.ACL-Main.1', '2020.acl-main.1'],
    ['2024.findings-emnlp.12', '2024.findings-emnlp.12'],
    ['2020.acl-main.01', '2020.acl-main.1'],
    ['P18-1024', 'P18-1024'],
    ['p18-1024', 'P18-1024'],
    ['W19-4801.pdf', 'W19-4801'],
    ['P18-1024v2', 'P18-1024'],
    ['2020.acl-main.1.bib', '2020.acl-main.1'],
  ])('parseAclId(%s) → %s', (input, expected) => {
    expect(parseAclId(input)).toBe(expected);
  });

  it.each(['2020.acl-main', 'acl-main.1', 'P18-102', 'P181024', 'PP18-1024', '2020..1', ''])(
    'parseAclId(%s) → undefined',
    (input) => {
      expect(parseAclId(input)).toBeUndefined();
    },
  );

  it.each([
    ['conf/acl/SmithJ20', 'dblp:conf/acl/SmithJ20'],
    ['journals/tacl/Li22.html', 'dblp:journals/tacl/Li22'],
    ['conf/nips/VaswaniSPUJGKP17', 'dblp:conf/nips/VaswaniSPUJGKP17'],
    // dblp's CoRR records are the arXiv papers.
    ['journals/corr/abs-1706-03762', 'arxiv:1706.03762'],
    ['journals/corr/abs-1412-6980.bib', 'arxiv:1412.6980'],
    // An impossible arXiv id stays a dblp record.
    ['journals/corr/abs-1412-69801', 'dblp:journals/corr/abs-1412-69801'],
  ])('keyFromDblp(%s) → %s', (input, expected) => {
    expect(keyFromDblp(input)).toBe(expected);
  });

  it.each(['homepages/s/JohnSmith', 'persons/Smith:John', 'www/s/Smith', 'conf/acl', 'conf/../x', 'garbage', ''])(
    'keyFromDblp(%s) → undefined (no paper record)',
    (input) => {
      expect(keyFromDblp(input)).toBeUndefined();
    },
  );

  it.each([
    // Lowercasing an OpenReview id names another note: both are valid, and distinct.
    ['openreview:LzPWWPAdY4', true],
    ['openreview:lzpwwpady4', true],
    ['openreview:rJXMpikCZ', true],
    ['openreview:H1gL-2A9Ym', true],
    ['openreview:abc', false],
    ['openreview:LzPWWPAdY4 ', false],
    ['openreview:Lz/PWWPAdY4', false],
    ['acl:2020.acl-main.1', true],
    ['acl:P18-1024', true],
    ['acl:p18-1024', false],
    ['acl:2020.ACL-main.1', false],
    ['acl:2020.acl-main.01', false],
    ['acl:P18-1024v2', false],
    ['acl:P18-1024.pdf', false],
    ['pmid:31452104', true],
    ['pmid:1', true],
    ['pmid:031452104', false],
    ['pmid:0', false],
    ['pmid:1234567890', false],
    ['pmid:PMC6718212', false],
    ['s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776', true],
    ['s2:204E3073870FAE3D05BCBC2F6A8E263D9B72E776', false],
    ['s2:204e3073870fae3d05bcbc2f6a8e263d9b72e77', false],
    ['s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776a', false],
    ['s2:12345', false],
    ['dblp:conf/acl/SmithJ20', true],
    ['dblp:conf/acl/SmithJ20.html', false],
    ['dblp:journals/corr/abs-1706-03762', false],
    ['dblp:homepages/s/JohnSmith', false],
    ['dblp:conf', false],
    ['url:https://example.org/paper/1', true],
    ['url:https://example.org/', true],
    ['url:https://example.org:8443/a', true],
    ['url:https://example.org/paper?id=3&lang=en', true],
    ['url:https://example.org/paper/1#abstract', false],
    ['url:https://example.org/paper/1?utm_source=scholar', false],
    ['url:https://example.org/paper/1/', false],
    ['url:http://example.org/paper/1', false],
    ['url:https://www.example.org/paper/1', false],
    ['url:https://Example.org/paper/1', false],
    ['url:https://example.org/paper/1?', false],
    ['url:https://example.org', false],
    ['url:ftp://example.org/paper', false],
    ['url:example.org/paper', false],
    // A URL that names an id is keyed by the id.
    ['url:https://arxiv.org/abs/2401.12345', false],
    ['url:https://doi.org/10.1000/xyz', false],
    ['url:https://openreview.net/forum?id=LzPWWPAdY4', false],
    ['url:https://scholar.google.com/scholar_url?url=https://example.org/paper/1', false],
    [`url:https://example.org/${'a'.repeat(280)}`, false],
    ['OPENREVIEW:LzPWWPAdY4', false],
    ['pubmed:31452104', false],
  ])('isPaperKey(%s) → %s', (key, expected) => {
    expect(isPaperKey(key)).toBe(expected);
  });
});

describe('paperKeyOfUrl', () => {
  it.each([
    // DOI resolvers and publishers whose addresses carry the DOI.
    ['https://doi.org/10.1038/nature14539', 'doi:10.1038/nature14539'],
    ['http://dx.doi.org/10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
    ['https://doi.org/10.1000/x%2541', 'doi:10.1000/x%41'],
    ['https://link.springer.com/article/10.1007/s11263-015-0816-y', 'doi:10.1007/s11263-015-0816-y'],
    ['https://link.springer.com/chapter/10.1007/978-3-319-10602-1_48', 'doi:10.1007/978-3-319-10602-1_48'],
    ['https://link.springer.com/content/pdf/10.1007/s11263-015-0816-y.pdf', 'doi:10.1007/s11263-015-0816-y'],
    ['https://dl.acm.org/doi/10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
    ['https://dl.acm.org/doi/pdf/10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
    ['https://dl.acm.org/doi/abs/10.1145/3292500.3330701?casa_token=x', 'doi:10.1145/3292500.3330701'],
    ['https://onlinelibrary.wiley.com/doi/10.1002/anie.201915678', 'doi:10.1002/anie.201915678'],
    ['https://onlinelibrary.wiley.com/doi/full/10.1002/anie.201915678', 'doi:10.1002/anie.201915678'],
    ['https://onlinelibrary.wiley.com/doi/epdf/10.1002/anie.201915678', 'doi:10.1002/anie.201915678'],
    ['https://pubs.acs.org/doi/10.1021/jacs.0c01234', 'doi:10.1021/jacs.0c01234'],
    ['https://pubs.acs.org/doi/abs/10.1021/jacs.0c01234', 'doi:10.1021/jacs.0c01234'],
    ['https://www.nature.com/articles/s41586-021-03819-2', 'doi:10.1038/s41586-021-03819-2'],
    ['https://www.nature.com/articles/nature14539.pdf', 'doi:10.1038/nature14539'],
    ['https://nature.com/articles/s41586-021-03819-2', 'doi:10.1038/s41586-021-03819-2'],
    // bioRxiv and medRxiv: the DOI without the version the address appends.
    ['https://www.biorxiv.org/content/10.1101/2021.08.03.454978v2', 'doi:10.1101/2021.08.03.454978'],
    ['https://www.biorxiv.org/content/10.1101/2021.08.03.454978v1.full.pdf', 'doi:10.1101/2021.08.03.454978'],
    ['https://www.biorxiv.org/content/10.1101/2021.08.03.454978v3.full', 'doi:10.1101/2021.08.03.454978'],
    ['https://www.biorxiv.org/content/10.1101/123456v1', 'doi:10.1101/123456'],
    ['https://www.medrxiv.org/content/10.1101/2020.03.03.20030593v1', 'doi:10.1101/2020.03.03.20030593'],
    // arXiv and its mirrors.
    ['https://arxiv.org/abs/2401.12345v3', 'arxiv:2401.12345'],
    ['https://arxiv.org/pdf/2401.12345v2', 'arxiv:2401.12345'],
    ['https://arxiv.org/html/2401.12345v2/', 'arxiv:2401.12345'],
    ['https://www.alphaxiv.org/abs/2401.12345', 'arxiv:2401.12345'],
    ['https://www.alphaxiv.org/pdf/2401.12345v2', 'arxiv:2401.12345'],
    ['https://ar5iv.labs.arxiv.org/html/2401.12345', 'arxiv:2401.12345'],
    ['https://ar5iv.org/abs/hep-th/9901001', 'arxiv:hep-th/9901001'],
    ['https://huggingface.co/papers/2401.12345', 'arxiv:2401.12345'],
    ['https://doi.org/10.48550/arXiv.2401.12345', 'arxiv:2401.12345'],
    // Venue and index pages.
    ['https://openreview.net/forum?id=LzPWWPAdY4', 'openreview:LzPWWPAdY4'],
    ['https://openreview.net/forum?id=LzPWWPAdY4&noteId=abcdef123', 'openreview:LzPWWPAdY4'],
    ['https://openreview.net/pdf?id=LzPWWPAdY4', 'openreview:LzPWWPAdY4'],
    ['https://openreview.net/forum?id=lzpwwpady4', 'openreview:lzpwwpady4'],
    ['https://aclanthology.org/2020.acl-main.1/', 'acl:2020.acl-main.1'],
    ['https://aclanthology.org/2020.acl-main.1.pdf', 'acl:2020.acl-main.1'],
    ['https://aclanthology.org/P18-1024v2.pdf', 'acl:P18-1024'],
    ['https://www.aclweb.org/anthology/P18-1024/', 'acl:P18-1024'],
    ['https://pubmed.ncbi.nlm.nih.gov/31452104/', 'pmid:31452104'],
    ['https://www.ncbi.nlm.nih.gov/pubmed/31452104', 'pmid:31452104'],
    [
      'https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
      's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    ],
    [
      'https://www.semanticscholar.org/paper/204E3073870FAE3D05BCBC2F6A8E263D9B72E776',
      's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    ],
    [
      'https://api.semanticscholar.org/graph/v1/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
      's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    ],
    ['https://dblp.org/rec/conf/acl/SmithJ20.html', 'dblp:conf/acl/SmithJ20'],
    ['https://dblp.org/rec/conf/acl/SmithJ20', 'dblp:conf/acl/SmithJ20'],
    ['https://dblp.uni-trier.de/rec/bibtex/journals/tacl/Li22', 'dblp:journals/tacl/Li22'],
    ['https://dblp.org/rec/journals/corr/abs-1706-03762.html', 'arxiv:1706.03762'],
    // Google's redirects, as Scholar alerts and search results link.
    [
      'https://scholar.google.com/scholar_url?url=https://arxiv.org/pdf/2401.12345&hl=en&sa=X&scisig=AAG',
      'arxiv:2401.12345',
    ],
    [
      'https://scholar.google.de/scholar_url?url=https%3A%2F%2Fwww.nature.com%2Farticles%2Fs41586-021-03819-2&hl=de',
      'doi:10.1038/s41586-021-03819-2',
    ],
    ['https://www.google.co.uk/url?q=https://openreview.net/forum?id%3DLzPWWPAdY4&sa=U', 'openreview:LzPWWPAdY4'],
    ['https://www.google.com/url?url=https://pubmed.ncbi.nlm.nih.gov/31452104/', 'pmid:31452104'],
  ])('%s → %s', (input, expected) => {
    expect(paperKeyOfUrl(input)).toBe(expected);
  });

  it.each([
    'https://link.springer.com/journal/11263',
    'https://dl.acm.org/toc/cacm/2020/63/1',
    'https://onlinelibrary.wiley.com/toc/15213773/2020/59/1',
    'https://www.nature.com/nature/volumes/595',
    'https://www.nature.com/articles/s41586-021-03819-2/figures/1',
    'https://www.biorxiv.org/collection/neuroscience',
    'https://openreview.net/group?id=ICLR.cc/2024/Conference',
    'https://openreview.net/forum?id=abc',
    'https://openreview.net/forum',
    'https://aclanthology.org/volumes/2020.acl-main/',
    'https://aclanthology.org/events/acl-2020/',
    'https://pubmed.ncbi.nlm.nih.gov/?term=transformer',
    'https://www.ncbi.nlm.nih.gov/31452104',
    'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6718212/',
    'https://www.semanticscholar.org/author/Ashish-Vaswani/40348417',
    'https://www.semanticscholar.org/paper/12345',
    'https://dblp.org/pid/39/7040.html',
    'https://dblp.org/db/conf/acl/acl2020.html',
    'https://scholar.google.com/scholar?q=transformers',
    'https://scholar.google.com/scholar_url?url=https://example.org/paper/1',
    'https://scholar.google.evil.example/scholar_url?url=https://arxiv.org/abs/2401.12345',
    'https://google.evil.example/url?q=https://arxiv.org/abs/2401.12345',
    'https://example.org/paper/10.1101/2021.08.03.454978',
    'ftp://arxiv.org/abs/2401.12345',
    'javascript:alert(1)',
    'not a url',
  ])('%s → undefined', (input) => {
    expect(paperKeyOfUrl(input)).toBeUndefined();
  });
});

describe('doiFromUrl', () => {
  it.each([
    ['https://pubs.rsc.org/en/content/articlelanding/2020/sc/c9sc05678a', '10.1039/c9sc05678a'],
    ['https://journals.aps.org/prl/abstract/10.1103/PhysRevLett.116.061102', '10.1103/PhysRevLett.116.061102'],
    ['https://www.science.org/doi/10.1126/science.aaa8415', '10.1126/science.aaa8415'],
    ['https://www.tandfonline.com/doi/full/10.1080/01621459.2017.1285773', '10.1080/01621459.2017.1285773'],
  ])('%s → %s (as written; the key lowercases it)', (input, expected) => {
    expect(doiFromUrl(new URL(input))).toBe(expected);
  });
});

describe('normalizeUrl and urlKey', () => {
  it.each([
    ['https://example.org/paper/1', 'https://example.org/paper/1'],
    ['HTTP://WWW.Example.ORG:80/Paper/1/', 'https://example.org/Paper/1'],
    ['http://example.org:443/a', 'https://example.org/a'],
    ['https://example.org:8443/a', 'https://example.org:8443/a'],
    ['https://example.org/a#section-2', 'https://example.org/a'],
    ['https://example.org/a?', 'https://example.org/a'],
    ['https://example.org/a?utm_source=scholar&utm_medium=email', 'https://example.org/a'],
    ['https://example.org/a?id=3&utm_source=x&fbclid=y&gclid=z', 'https://example.org/a?id=3'],
    // Parameters that name the page are kept as written, in their order.
    ['https://example.org/a?b=1%202&a=2', 'https://example.org/a?b=1%202&a=2'],
    ['https://example.org/a?b=1%202&utm_source=x', 'https://example.org/a?b=1%202'],
    ['https://example.org/a?b=?', 'https://example.org/a?b=?'],
    ['https://example.org/a?&&id=3', 'https://example.org/a?id=3'],
    ['https://example.org', 'https://example.org/'],
  ])('normalizeUrl(%s) → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it.each([
    'ftp://example.org/a',
    'mailto:a@example.org',
    'javascript:alert(1)',
    'https://user:secret@example.org/a',
    `https://example.org/${'a'.repeat(300)}`,
    'example.org/a',
    '',
  ])('normalizeUrl(%s) → undefined', (input) => {
    expect(normalizeUrl(input)).toBeUndefined();
  });

  it.each([
    ['https://www.example.org/paper/1/?utm_source=x#top', 'url:https://example.org/paper/1'],
    // The id an address names wins over the address.
    ['https://arxiv.org/abs/2401.12345v2', 'arxiv:2401.12345'],
    ['https://www.nature.com/articles/nature14539', 'doi:10.1038/nature14539'],
    // A Scholar redirect is keyed by its target.
    [
      'https://scholar.google.com/scholar_url?url=https://www.example.org/paper/1%3Futm_source%3Dx&hl=en&sa=X',
      'url:https://example.org/paper/1',
    ],
    [
      'https://scholar.google.com/scholar_url?url=https://dl.acm.org/doi/10.1145/3292500.3330701',
      'doi:10.1145/3292500.3330701',
    ],
    // A Scholar article page on any country domain, with any other parameters, is the one article.
    [
      'https://scholar.google.de/citations?view_op=view_citation&hl=de&user=qc6CJjYAAAAJ&citation_for_view=qc6CJjYAAAAJ:qyhmnyLat1gC',
      'url:https://scholar.google.com/citations?view_op=view_citation&citation_for_view=qc6CJjYAAAAJ:qyhmnyLat1gC',
    ],
    // Not an article page: kept as written.
    [
      'https://scholar.google.com/citations?user=qc6CJjYAAAAJ&hl=en',
      'url:https://scholar.google.com/citations?user=qc6CJjYAAAAJ&hl=en',
    ],
  ])('urlKey(%s) → %s', (input, expected) => {
    expect(urlKey(input)).toBe(expected);
  });

  it.each(['ftp://example.org/a', 'not a url', 'https://scholar.google.com/scholar_url?url=javascript:alert(1)'])(
    'urlKey(%s) → undefined',
    (input) => {
      expect(urlKey(input)).toBeUndefined();
    },
  );

  it('a url: key never comes from paperKeyOf, which reads ids only', () => {
    expect(paperKeyOf('https://example.org/paper/1')).toBeUndefined();
    expect(paperKeyOf('url:https://example.org/paper/1')).toBeUndefined();
  });
});

describe('bestKey', () => {
  it('picks the strongest kind, whatever the order', () => {
    expect(bestKey(['url:https://example.org/a', 'doi:10.1000/x', undefined, 'arxiv:2401.12345'])).toBe(
      'arxiv:2401.12345',
    );
    expect(bestKey(['pmid:1', 'acl:P18-1024', 'openreview:LzPWWPAdY4'])).toBe('acl:P18-1024');
    const s2 = `s2:${'a'.repeat(40)}` as const;
    expect(bestKey(['url:https://example.org/a', 'dblp:conf/acl/SmithJ20', s2])).toBe(s2);
    expect(bestKey([undefined])).toBeUndefined();
  });
});

describe('properties of every key kind', () => {
  const kindKeys = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/).map((id) => `openreview:${id}`),
    fc
      .tuple(
        fc.integer({ min: 1990, max: 2099 }),
        fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8})?$/),
        fc.nat(9999),
      )
      .map(([year, volume, n]) => `acl:${year}.${volume}.${n}`),
    fc
      .tuple(fc.constantFrom('P', 'W', 'D', 'N', 'J'), fc.nat(99), fc.nat(9999))
      .map(([letter, yy, n]) => `acl:${letter}${String(yy).padStart(2, '0')}-${String(n).padStart(4, '0')}`),
    fc.integer({ min: 1, max: 999_999_999 }).map((n) => `pmid:${n}`),
    fc.stringMatching(/^[0-9a-f]{40}$/).map((id) => `s2:${id}`),
    fc
      .tuple(
        fc.constantFrom('conf', 'journals', 'books'),
        fc.stringMatching(/^[a-z0-9]{1,10}$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
      )
      .map(([type, venue, record]) => `dblp:${type}/${venue}/${record}`),
    fc.webUrl({ withQueryParameters: true, withFragments: true }).map((url) => urlKey(url)),
  );

  it('every key the module makes is accepted, and its own page gives it back', () => {
    fc.assert(
      fc.property(kindKeys, (key) => {
        if (key === undefined) return;
        expect(isPaperKey(key)).toBe(true);
        expect(urlKey(paperPageUrl(key))).toBe(key);
        if (keyKind(key) !== 'url') expect(paperKeyOfUrl(paperPageUrl(key))).toBe(key);
      }),
    );
  });

  it('urlKey of any web address is undefined or a valid key, and normalizing is idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const key = urlKey(url);
        if (key !== undefined) expect(isPaperKey(key)).toBe(true);
        const normalized = normalizeUrl(url);
        if (normalized !== undefined) expect(normalizeUrl(normalized)).toBe(normalized);
      }),
    );
  });

  it('paperKeyOfUrl never throws and returns only valid keys, on any suffix of a known site', () => {
    const urlish = fc
      .tuple(
        fc.constantFrom(
          'https://openreview.net/forum?id=',
          'https://aclanthology.org/',
          'https://pubmed.ncbi.nlm.nih.gov/',
          'https://www.semanticscholar.org/paper/',
          'https://dblp.org/rec/',
          'https://www.nature.com/articles/',
          'https://www.biorxiv.org/content/10.1101/',
          'https://dl.acm.org/doi/',
          'https://scholar.google.com/scholar_url?url=',
        ),
        fc.string({ unit: 'binary', maxLength: 40 }),
      )
      .map(([prefix, rest]) => prefix + rest);
    fc.assert(
      fc.property(urlish, (input) => {
        const key = paperKeyOfUrl(input);
        if (key !== undefined) expect(isPaperKey(key)).toBe(true);
      }),
    );
  });

  it('every DOI key survives its resolver link, escapes and all', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{4,9}$/),
        fc.string({ unit: fc.constantFrom('%', '2', '5', 'a', '/', '.', '(', ')', '#', '?', ';', '<'), minLength: 1 }),
        (registrant, suffix) => {
          // A path segment `.` or `..` (even escaped, `%2e`) is resolved away by every URL parser: no link carries it.
          if (suffix.split('/').some((segment) => segment === '.' || segment === '..')) return;
          const key = keyFromDoi(`10.${registrant}/${suffix}`);
          if (key === undefined || !key.startsWith('doi:')) return;
          expect(paperKeyOfUrl(paperPageUrl(key))).toBe(key);
        },
      ),
    );
  });
});
