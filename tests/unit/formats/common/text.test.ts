import { describe, expect, it } from 'vitest';
import { oneLine, withoutInvisibles } from '../../../../lib/formats/common/text.ts';

describe('withoutInvisibles', () => {
  it.each([
    ['bidi override turning a name around', 'evil\u202egpj.exe', 'evilgpj.exe'],
    ['isolates and marks', '\u2067abc\u2069\u200f', 'abc'],
    ['zero-width space inside a word', 'Trans\u200bformer', 'Transformer'],
    ['word joiner and byte order mark', '\ufeffA\u2060B', 'AB'],
    ['a stray joiner next to ASCII', 'A\u200dB', 'AB'],
  ])('drops %s', (_, text, clean) => {
    expect(withoutInvisibles(text)).toBe(clean);
  });

  it('keeps the joiners scripts need between two non-ASCII letters, and multi-line text as it is', () => {
    expect(withoutInvisibles('می\u200cخواهم')).toBe('می\u200cخواهم');
    expect(withoutInvisibles('👩\u200d🔬')).toBe('👩\u200d🔬');
    expect(withoutInvisibles('line one\nline two')).toBe('line one\nline two');
  });

  it('is part of oneLine', () => {
    expect(oneLine(' \u202eAttention\u200b is all\nyou need ')).toBe('Attention is all you need');
  });
});
