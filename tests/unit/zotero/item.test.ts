/**
 * Papers of every key kind as Zotero items: the item type and identifiers Zotero's own translators would give (the
 * arXiv translator's preprint: `archiveID`, `repository`, DataCite DOI, `extra` line), names split as every export
 * splits them, only fields the item type has (Zotero's schema, tests/support/zotero-fake.ts SCHEMA_FIELDS), page text
 * kept as text, and the mapping table the README shows agreeing with the function.
 */
import { describe, expect, it } from 'vitest';
import { keyKind, KEY_KINDS } from '../../../lib/paper/ids.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { noteHtml, toZoteroItem, ZOTERO_FIELD_MAP, type ZoteroItem, zoteroNote } from '../../../lib/zotero/item.ts';
import { paperKeysOfZoteroItem } from '../../../lib/zotero/index.ts';
import { makePaper } from '../../support/papers.ts';
import { invalidField } from '../../support/zotero-fake.ts';
import { keyKindCases } from '../formats/papers.ts';

const attention = makePaper('1706.03762', {
  title: 'Attention Is\n All You Need',
  authors: ['Ashish Vaswani', 'Ludwig van Beethoven', 'William T. Reynolds Jr.', 'ATLAS Collaboration', '李华'],
  abstract: 'The dominant sequence transduction models…',
  published: '2017-06-12',
  primaryCategory: 'cs.CL',
  subjects: ['cs.CL', 'cs.LG'],
  tags: ['transformers', 'to read'],
  note: 'Read section 3.2 again.',
});

const kinds: Array<[string, Partial<Paper>, Partial<ZoteroItem>]> = [
  [
    'doi:10.1038/nature14539',
    {},
    { itemType: 'journalArticle', DOI: '10.1038/nature14539', url: 'https://doi.org/10.1038/nature14539' },
  ],
  ['openreview:HyWrIgW0W', {}, { itemType: 'conferencePaper', url: 'https://openreview.net/forum?id=HyWrIgW0W' }],
  ['acl:N19-1423', {}, { itemType: 'conferencePaper', url: 'https://aclanthology.org/N19-1423/' }],
  [
    'pmid:31452104',
    {},
    { itemType: 'journalArticle', extra: 'PMID: 31452104', url: 'https://pubmed.ncbi.nlm.nih.gov/31452104/' },
  ],
  [
    's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    {},
    {
      itemType: 'journalArticle',
      url: 'https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    },
  ],
  [
    'dblp:conf/acl/DevlinCLT19',
    {},
    { itemType: 'conferencePaper', url: 'https://dblp.org/rec/conf/acl/DevlinCLT19.html' },
  ],
  ['dblp:journals/tacl/Li22', {}, { itemType: 'journalArticle' }],
  ['url:https://example.org/papers/42', {}, { itemType: 'journalArticle', url: 'https://example.org/papers/42' }],
  ['url:https://example.org/about', { authors: [], doi: '10.1000/x' }, { itemType: 'webpage' }],
];

const everyKind = [
  attention,
  makePaper('2401.00001', { doi: '10.1000/j' }),
  ...keyKindCases,
  ...kinds.map(([key, fields]) => makePaper(key, fields)),
];

describe('toZoteroItem', () => {
  it('writes an arXiv paper as the arXiv translator saves a preprint', () => {
    expect(toZoteroItem(attention)).toEqual({
      itemType: 'preprint',
      title: 'Attention Is All You Need',
      creators: [
        { creatorType: 'author', firstName: 'Ashish', lastName: 'Vaswani' },
        { creatorType: 'author', firstName: 'Ludwig', lastName: 'van Beethoven' },
        { creatorType: 'author', firstName: 'William T., Jr.', lastName: 'Reynolds' },
        { creatorType: 'author', name: 'ATLAS Collaboration' },
        { creatorType: 'author', name: '李华' },
      ],
      abstractNote: 'The dominant sequence transduction models…',
      date: '2017-06-12',
      DOI: '10.48550/arXiv.1706.03762',
      url: 'https://arxiv.org/abs/1706.03762',
      archiveID: 'arXiv:1706.03762',
      repository: 'arXiv',
      extra: 'arXiv:1706.03762 [cs.CL]',
      tags: [{ tag: 'transformers' }, { tag: 'to read' }],
    } satisfies ZoteroItem);
  });

  it('writes an old-style id without a category, as the translator does, and dates it by its id when undated', () => {
    const item = toZoteroItem(makePaper('hep-th/9901001', { primaryCategory: 'hep-th' }));
    expect(item).toMatchObject({
      itemType: 'preprint',
      DOI: '10.48550/arXiv.hep-th/9901001',
      archiveID: 'arXiv:hep-th/9901001',
      extra: 'arXiv:hep-th/9901001',
      date: '1999-01',
    });
  });

  it('makes an arXiv paper with a journal DOI a journal article with that DOI, the arXiv id kept in extra', () => {
    const item = toZoteroItem(makePaper('2401.00001', { doi: '10.1038/s41586-024-00001-x', primaryCategory: 'cs.LG' }));
    expect(item).toMatchObject({
      itemType: 'journalArticle',
      DOI: '10.1038/s41586-024-00001-x',
      url: 'https://arxiv.org/abs/2401.00001',
      extra: 'arXiv:2401.00001 [cs.LG]',
    });
    expect(item).not.toHaveProperty('archiveID');
    expect(item).not.toHaveProperty('repository');
  });

  it('leaves tags out for the connector, which sends them through updateSession', () => {
    expect(toZoteroItem(attention, { tags: false }).tags).toEqual([]);
  });

  it.each(kinds)('writes %s with its own type and page', (key, fields, expected) => {
    const item = toZoteroItem(makePaper(key, fields));
    expect(item).toMatchObject(expected);
    if (item.itemType === 'webpage') expect(item).not.toHaveProperty('DOI');
  });

  it('covers every key kind', () => {
    expect(new Set(everyKind.map((paper) => keyKind(paper.key)))).toEqual(new Set(KEY_KINDS));
  });

  it.each(everyKind.map((paper) => [paper.key, paper] as const))(
    '%s: only fields its item type has, and the item names the paper back',
    (key, paper) => {
      const item = toZoteroItem(paper);
      expect(invalidField(item as unknown as Record<string, unknown>)).toBeUndefined();
      // The index reads the same item back to the paper's key: what Dogear sends, it later recognises.
      expect(paperKeysOfZoteroItem(item as unknown as Record<string, unknown>)).toContain(key);
    },
  );

  it('keeps hostile page text as text in the item, and never as markup in the note', () => {
    const hostile = '<img src=x onerror="alert(1)">&amp;\u202e</script>';
    const item = toZoteroItem(
      makePaper('2401.00002', { title: hostile, authors: [`${hostile} Smith`], abstract: hostile, tags: ['<b>x</b>'] }),
    );
    // JSON fields are data: the same characters, minus the invisible bidi override every export drops.
    expect(item.title).toBe('<img src=x onerror="alert(1)">&amp;</script>');
    expect(item.abstractNote).toBe('<img src=x onerror="alert(1)">&amp;</script>');
    expect(item.tags).toEqual([{ tag: '<b>x</b>' }]);
    // splitName reads lowercase words before the last as a particle, as it does in every export.
    expect(item.creators.at(-1)).toEqual({
      creatorType: 'author',
      firstName: '<img',
      lastName: 'src=x onerror="alert(1)">&amp;</script> Smith',
    });
    expect(noteHtml(hostile)).toBe('<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;&lt;/script&gt;</p>');
  });
});

describe('noteHtml', () => {
  it('makes paragraphs and line breaks, and renders no Markdown', () => {
    expect(noteHtml('# Title\n**bold** line\r\nnext\n\n\n  second  paragraph ')).toBe(
      '<p># Title<br>**bold** line<br>next</p><p>second  paragraph</p>',
    );
  });

  it('gives nothing for an empty note', () => {
    expect(noteHtml(' \n\n ')).toBe('');
  });

  it('escapes quotes, so the HTML is safe in attributes too', () => {
    expect(noteHtml(`"a" 'b'`)).toBe('<p>&quot;a&quot; &#39;b&#39;</p>');
  });

  it('makes a child note for the Web API', () => {
    expect(zoteroNote('ABCD2345', 'x < y')).toEqual({
      itemType: 'note',
      note: '<p>x &lt; y</p>',
      parentItem: 'ABCD2345',
    });
  });
});

describe('ZOTERO_FIELD_MAP', () => {
  const items = everyKind.map((paper) => toZoteroItem(paper));

  it('names every field toZoteroItem writes, for the item types it writes it in', () => {
    for (const item of items) {
      for (const field of Object.keys(item).filter((name) => name !== 'itemType')) {
        const rows = ZOTERO_FIELD_MAP.filter((row) => row.zotero === field && row.itemTypes.includes(item.itemType));
        expect(rows, `${item.itemType}.${field}`).not.toHaveLength(0);
      }
    }
  });

  it('has no row for a field toZoteroItem never writes', () => {
    const written = new Set(items.flatMap((item) => Object.keys(item).map((field) => `${item.itemType}.${field}`)));
    for (const row of ZOTERO_FIELD_MAP) {
      if (row.zotero === 'note (child note)') continue;
      expect(
        row.itemTypes.some((type) => written.has(`${type}.${row.zotero}`)),
        `${row.dogear} → ${row.zotero}`,
      ).toBe(true);
    }
  });
});
