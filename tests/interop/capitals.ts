/**
 * The capitals a title must keep through a sentence-case style (APA's, bibtex's own `plain`): acronyms and mixed-case
 * words (`LLMs`, `iOS`, `BERT`) and capitals in formulas (`Li$_7$La$_3$…`, `$N$`), found in the paper's title and
 * looked for in a consumer's output.
 */
import type { Entry } from './report.ts';

/** Whether a paper's title is TeX in Dogear's exports (arXiv papers), else plain text. */
export function texTitle(entry: Entry): boolean {
  return entry.paper.key.startsWith('arxiv:');
}

/** A TeX title as the text it stands for: math delimiters, commands, braces and sub/superscript marks dropped. */
export function stripTex(text: string): string {
  return text
    .replace(/\\[A-Za-z]+\s*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/[{}$_^~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The uppercase letters of each word of `text` (words split on spaces, dashes of every kind and slashes; NFKD, so `ℒ`
 * is `L` and `À` is `A`: the same letters whether a consumer printed `À` or `{\`A}`).
 */
export function capitalsOf(text: string): string[] {
  return text
    .normalize('NFKD')
    .split(/[\s\p{Pd}/]+/u)
    .map((word) => word.match(/\p{Lu}/gu)?.join('') ?? '');
}

/**
 * Capitals a sentence-case style must keep, as the uppercase letters of each title part (parts split on spaces and
 * dashes) that has a capital after its first letter, or a capital inside `$…$` math.
 */
export function protectedCapitals(entry: Entry): string[] {
  const signatures: string[] = [];
  const tex = texTitle(entry);
  // Markup tags (a title imported with Zotero's rich text) are not words.
  // NFKD as capitalsOf: `POTRÀ` is `POTRA` there, whichever way the consumer wrote the accent.
  for (const token of entry.paper.title
    .normalize('NFKD')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .split(/\s+/)) {
    const math = tex && token.includes('$');
    const stripped = tex ? stripTex(token) : token;
    for (const piece of stripped.split(/[\p{Pd}/:;,.!?()[\]"“”‘’']/u)) {
      // A word after an opening quote or bracket starts there.
      const part = piece.replace(/^[^\p{L}\p{N}]+/u, '');
      const capitals = part.match(/\p{Lu}/gu)?.join('') ?? '';
      if (capitals === '') continue;
      const inner = /\p{Lu}/u.test([...part].slice(1).join(''));
      if (inner || math) signatures.push(capitals);
    }
  }
  return signatures;
}

/** The signatures of protectedCapitals that no word of `text` (plain text, or TeX run through stripTex) keeps. */
export function lostCapitals(entry: Entry, text: string): string[] {
  const words = capitalsOf(text);
  return protectedCapitals(entry).filter((signature) => !words.some((word) => word.includes(signature)));
}
