import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../../lib/paper/model.ts';
import { fold } from '../../../lib/search/fold.ts';
import { buildIndex, runQuery } from '../../../lib/search/index.ts';
import { parseQuery } from '../../../lib/search/parse.ts';
import { matchReasons, type MatchReason } from '../../../lib/search/reasons.ts';
import { byTitle, papers } from './papers.ts';
import { makePaper } from '../../support/papers.ts';

const reasons = (target: Paper, query: string): MatchReason[] => matchReasons(target, parseQuery(query));
/** The highlighted parts of each reason, as `field: text` lines, for readable expectations. */
const marked = (found: readonly MatchReason[]): string[] =>
  found.map(
    (reason) => `${reason.field}: ${reason.ranges.map(([start, end]) => reason.text.slice(start, end)).join(' | ')}`,
  );

const schmidhuber = makePaper('1505.00001', {
  title: 'Deep learning in neural networks',
  authors: ['Jürgen Schmidhüber', 'Sepp Hochreiter'],
});

describe('matchReasons', () => {
  it('finds folded terms in accented names and gives ranges in the name as stored', () => {
    expect(reasons(schmidhuber, 'schmidhuber')).toEqual([
      { field: 'authors', item: 0, text: 'Jürgen Schmidhüber', ranges: [[7, 18]] },
    ]);
    expect(reasons(schmidhuber, 'a:jurgen')).toEqual([
      { field: 'authors', item: 0, text: 'Jürgen Schmidhüber', ranges: [[0, 6]] },
    ]);
    expect(reasons(schmidhuber, 'a:hochreiter a:sepp')).toEqual([
      {
        field: 'authors',
        item: 1,
        text: 'Sepp Hochreiter',
        ranges: [
          [0, 4],
          [5, 15],
        ],
      },
    ]);
    // A decomposed ü (u + combining diaeresis) is two units of the stored name, both inside the range.
    const decomposed = makePaper('1505.00002', { authors: ['Ju\u0308rgen Schmidhuber'] });
    expect(reasons(decomposed, 'a:"jurgen schmid"')[0]!.ranges).toEqual([[0, 14]]);
  });

  it('highlights through TeX braces and math markers', () => {
    expect(marked(reasons(papers[0]!, 'bert lipschitz mathcal'))).toEqual(['title: mathcal | Lipschitz | BERT']);
    // A phrase runs through the brace, as fold() drops it.
    expect(marked(reasons(papers[0]!, 't:"lipschitz bert"'))).toEqual(['title: Lipschitz {BERT']);
    expect(marked(reasons(papers[0]!, 'müller 李'))).toEqual(['authors: Müller', 'authors: 李']);
  });

  it('explains a free word by every field it is in, a prefixed term by its own field only', () => {
    expect(marked(reasons(papers[0]!, 'graph'))).toEqual(['title: Graph']);
    expect(marked(reasons(papers[0]!, 'transformer'))).toEqual(['note: Transformer']);
    expect(marked(reasons(papers[0]!, 't:transformer'))).toEqual([]);
    expect(marked(reasons(papers[1]!, 'reading 2305.00002'))).toEqual(['tags: Reading', 'key: 2305.00002']);
    expect(marked(reasons(papers[0]!, 'graph y:2020-2024'))).toEqual(['title: Graph', 'year: 2024']);
    expect(reasons(papers[0]!, 'y:2020')).toEqual([]);
  });

  it('explains tag: terms as runQuery tests them: the start of a tag or of one of its /-parts', () => {
    expect(reasons(papers[0]!, 'tag:lg')).toEqual([{ field: 'tags', item: 0, text: 'cs/LG', ranges: [[3, 5]] }]);
    expect(reasons(papers[0]!, 'tag:cs/l')).toEqual([{ field: 'tags', item: 0, text: 'cs/LG', ranges: [[0, 4]] }]);
    expect(reasons(papers[0]!, 'tag:ead')).toEqual([]);
    // A free word matches inside a tag.
    expect(marked(reasons(papers[0]!, 'ead'))).toEqual(['tags: ead']);
  });

  it('shows a window of a long note around the first match, cut at word boundaries', () => {
    const before =
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. '.repeat(4);
    const after =
      ' Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo. '.repeat(4);
    const note = `${before}We compare against the\nSchmidhüber baseline and its LSTM.${after}`;
    const [reason] = reasons(makePaper('1505.00003', { note }), 'note:schmidhuber lstm');
    expect(reason!.field).toBe('note');
    const { text, ranges } = reason!;
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(122);
    expect(text).not.toContain('\n');
    expect(ranges.map(([start, end]) => text.slice(start, end))).toEqual(['Schmidhüber', 'LSTM']);
    // Whole words at both edges.
    expect(note).toContain(text.slice(1, -1).split(' ')[0]! + ' ');
    expect(note.replace(/\s/g, ' ')).toContain(' ' + text.slice(1, -1).split(' ').at(-1)!);
  });

  it('shows a short note whole, and a match at the start without a leading …', () => {
    expect(reasons(papers[0]!, 'note:compare')).toEqual([
      { field: 'note', text: 'Compare with the Transformer baseline', ranges: [[0, 7]] },
    ]);
    const long = `Baseline first. ${'word '.repeat(60)}`;
    const [reason] = reasons(makePaper('1505.00004', { note: long }), 'baseline');
    expect(reason!.text.startsWith('Baseline first.')).toBe(true);
    expect(reason!.text.endsWith('…')).toBe(true);
    expect(reason!.ranges).toEqual([[0, 8]]);
  });

  it('gives an empty list for an empty query or a whitespace note', () => {
    expect(reasons(papers[0]!, '')).toEqual([]);
    expect(reasons(papers[4]!, 'note:x')).toEqual([]);
  });

  it('explains every term of every paper runQuery finds, with ranges inside the text', () => {
    const words = ['graph', 'neural', 'müller', 'bert', 'ml', 'cs/lg', 'ü', 'net'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            title: fc.array(fc.constantFrom('Graph', 'neural', '{BERT}', 'nets', 'Müller'), {
              minLength: 1,
              maxLength: 4,
            }),
            authors: fc.array(fc.constantFrom('Jürgen Müller', 'Grace Hopper', 'Ada  Lovelace'), { maxLength: 3 }),
            tags: fc.array(fc.constantFrom('ml', 'cs/LG', 'Reading'), { maxLength: 2 }),
            note: fc.constantFrom(undefined, 'Graph nets, see Müller', 'bert\nbaseline'),
          }),
          { maxLength: 8 },
        ),
        fc.array(fc.tuple(fc.constantFrom('', 't:', 'a:', 'tag:', 'note:'), fc.constantFrom(...words)), {
          minLength: 1,
          maxLength: 3,
        }),
        (records, terms) => {
          const library = records.map((record, position) =>
            makePaper(`2401.${String(position + 1).padStart(5, '0')}`, {
              title: record.title.join(' '),
              authors: record.authors,
              ...(record.tags.length > 0 ? { tags: [...new Set(record.tags)] } : {}),
              ...(record.note === undefined ? {} : { note: record.note }),
            }),
          );
          const query = parseQuery(terms.map(([prefix, word]) => prefix + word).join(' '));
          for (const found of runQuery(buildIndex(library), query, {}, byTitle)) {
            const explained = matchReasons(found, query);
            for (const reason of explained) {
              let last = 0;
              for (const [start, end] of reason.ranges) {
                expect(last <= start && start < end && end <= reason.text.length).toBe(true);
                last = end;
              }
            }
            const shown = explained.flatMap((reason) =>
              reason.ranges.map(([start, end]) => fold(reason.text.slice(start, end))),
            );
            for (const term of [...query.words, ...query.title, ...query.authors, ...query.tags, ...query.note]) {
              expect(shown.some((part) => part.includes(term))).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
