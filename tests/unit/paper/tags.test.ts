import { describe, expect, it } from 'vitest';
import { normalizeTags, parseTags, tagId } from '../../../lib/paper/tags.ts';

describe('normalizeTags', () => {
  it('cleans, drops blanks and repeats ignoring case, first spelling kept, in order', () => {
    expect(normalizeTags(['b', 'A', 'a', 'B '])).toEqual(['b', 'A']);
    expect(normalizeTags([' to \t read ', 'To read', ''])).toEqual(['to read']);
    expect(normalizeTags([])).toEqual([]);
  });
});

describe('parseTags: every text box and importer reads tags with it', () => {
  it.each([
    ['', []],
    [' , ,, ', []],
    ['ml', ['ml']],
    [' diffusion ,  to read,ml ', ['diffusion', 'to read', 'ml']],
    ['ML, ml, Ml, nlp, ML', ['ML', 'nlp']],
    ['a\tb,  c   d ', ['a b', 'c d']],
    ['one; two,three ;', ['one', 'two', 'three']],
    ['<img src=x onerror=alert(1)>', ['<img src=x onerror=alert(1)>']],
  ])('%j → %j', (input, tags) => expect(parseTags(input)).toEqual(tags));
});

describe('tagId', () => {
  it('is what tags are compared by', () => {
    expect(tagId(' To  Read ')).toBe(tagId('to read'));
    expect(tagId('ml')).not.toBe(tagId('nlp'));
  });
});
