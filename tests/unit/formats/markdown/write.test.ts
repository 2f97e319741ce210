import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { wellFormed, withoutInvisibles } from '../../../../lib/formats/common/text.ts';
import type { Paper } from '../../../../lib/paper/model.ts';
import {
  escapeMarkdownParagraph,
  escapeMarkdownText,
  markdownNoteFiles,
  obsidianTag,
  safeMarkdown,
  toMarkdown,
  toMarkdownZip,
  yamlString,
} from '../../../../lib/formats/markdown/write.ts';
import { golden, hardCases, hostilePaper, hostileText, paper } from '../papers.ts';

describe('toMarkdown', () => {
  it('matches hard-cases.md', () => {
    expect(toMarkdown(hardCases)).toBe(golden('hard-cases.md'));
  });

  it('writes only the heading for no papers', () => {
    expect(toMarkdown([])).toBe('# Dogear papers\n');
  });

  it('keeps a note fence inside the quote and closes it', () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: [], note: 'Code:\n```js\n<b>\n\nx' });
    expect(toMarkdown([p]).split('\n\n').slice(3).join('\n\n')).toBe('> Code:\n> ```js\n> <b>\n>\n> x\n> ```\n');
  });
});

describe('toMarkdownZip', () => {
  const goldenNames = readdirSync(new URL('../golden/markdown-zip/', import.meta.url)).sort();

  it('holds one note per paper, each matching golden/markdown-zip/<cite key>.md', () => {
    const files = unzipSync(toMarkdownZip(hardCases));
    expect(Object.keys(files).sort()).toEqual(goldenNames);
    for (const name of goldenNames) expect(strFromU8(files[name]!), name).toBe(golden(`markdown-zip/${name}`));
  });

  it('names files after unique cite keys, in paper order', () => {
    const p = paper('arxiv:1706.03762', { title: 'Attention', authors: ['Ashish Vaswani'], published: '2017-06-12' });
    const q = paper('arxiv:1706.03763', { title: 'Attention', authors: ['Ashish Vaswani'], published: '2017-06-12' });
    expect(markdownNoteFiles([p, q]).map((file) => file.name)).toEqual([
      'vaswani2017attention.md',
      'vaswani2017attentiona.md',
    ]);
  });

  it('names a file after a cite key isCiteKey accepts, short enough for unzip (a 400-letter author)', () => {
    const long = paper('arxiv:2401.00001', { title: 'Deep Nets', authors: [`Ana ${'x'.repeat(400)}`] });
    const [file] = markdownNoteFiles([long]);
    expect(file!.name).toMatch(/^[A-Za-z0-9_.-]{1,100}\.md$/);
    // A record that bypassed validation (an old store) gets a generated key instead (lib/paper/cite-keys.ts).
    const bad = { ...long, citeKey: `${'k'.repeat(300)} /../x` } as Paper;
    expect(markdownNoteFiles([bad])[0]!.name).toBe(file!.name);
  });

  it('links a DOI with parentheses whole, and shows the journal DOI of an arXiv paper', () => {
    const p = paper('doi:10.1002/(sici)1097-4571(199806)49:8', { title: 'T', authors: [] });
    expect(toMarkdown([p])).toContain('## [T](https://doi.org/10.1002/%28sici%291097-4571%28199806%2949:8)');
    const q = paper('arxiv:1512.03385', { title: 'T', authors: [], doi: '10.1109/cvpr.2016.90' });
    expect(toMarkdown([q])).toContain('- DOI: [10.1109/cvpr.2016.90](https://doi.org/10.1109/cvpr.2016.90)');
    expect(toMarkdown([p])).toContain(
      '- DOI: [10.1002/(sici)1097-4571(199806)49:8](https://doi.org/10.1002/%28sici%291097-4571%28199806%2949:8)',
    );
  });

  it('is an empty zip for no papers', () => {
    expect(unzipSync(toMarkdownZip([]))).toEqual({});
  });

  it('dates "added" from the creation time when the paper was never saved, and survives times zip cannot store', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'T',
      authors: [],
      savedAt: undefined,
      createdAt: Date.UTC(1970, 0, 2),
    });
    expect(markdownNoteFiles([p])[0]!.text).toContain('\nadded: "1970-01-02"\n');
    expect(Object.keys(unzipSync(toMarkdownZip([p])))).toEqual(['arxiv240100001.md']);
  });
});

describe('obsidianTag', () => {
  it.each([
    ['cs.LG', 'cs/LG'],
    ['cond-mat.mtrl-sci', 'cond-mat/mtrl-sci'],
    ['to read', 'to-read'],
    ['  spaced   out ', 'spaced-out'],
    ['C++ & R&D!', 'C-RD'],
    ['NLP/attention', 'NLP/attention'],
    ['/lead//trail/', 'lead/trail'],
    ['v1.2.', 'v1/2'],
    ['日本語', '日本語'],
    ['snake_case', 'snake_case'],
    ['2017', undefined],
    ['12.5', undefined],
    ['!!!', undefined],
    ['#', undefined],
    ['y2017', 'y2017'],
  ])('%j → %j', (tag, mapped) => {
    expect(obsidianTag(tag)).toBe(mapped);
  });
});

describe('escapeMarkdownText', () => {
  it.each([
    ['100% & Fast_Attention', '100\\% \\& Fast\\_Attention'],
    ['$\\mathcal{L}$', '\\$\\\\mathcal{L}\\$'],
    ['<img src=x onerror=alert(1)>', '\\<img src\\=x onerror\\=alert(1)\\>'],
    [
      '[[link]] ![x](y) `code` *a* ~~b~~ ==c== %%d%% #tag a|b x^2',
      '\\[\\[link\\]\\] !\\[x\\](y) \\`code\\` \\*a\\* \\~\\~b\\~\\~ \\=\\=c\\=\\= \\%\\%d\\%\\% \\#tag a\\|b x\\^2',
    ],
    ['two\nlines', 'two lines'],
    ['- not a list', '- not a list'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeMarkdownText(text)).toBe(escaped);
  });

  it.each([
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. item', '1\\. item'],
    ['2024) item', '2024\\) item'],
    ['--- rule', '\\--- rule'],
    ['# heading', '\\# heading'],
    ['> quote', '\\> quote'],
    ['1.5 is fine', '1\\.5 is fine'],
  ])('as a paragraph: %j → %j', (text, escaped) => {
    expect(escapeMarkdownParagraph(text)).toBe(escaped);
  });
});

describe('safeMarkdown: links to script schemes', () => {
  it.each([
    ['[x](javascript:alert(1))', '[x]\\(javascript:alert(1))'],
    ['[x](JaVaScRiPt:alert(1)) and [y](https://ok.org)', '[x]\\(JaVaScRiPt:alert(1)) and [y](https://ok.org)'],
    ['[x]( <javascript:alert(1)>)', '[x]\\( \\<javascript:alert(1)>)'],
    ['[x](java&#115;cript:alert(1))', '[x]\\(java&#115;cript:alert(1))'],
    ['[x](&#x6A;avascript&colon;alert(1))', '[x]\\(&#x6A;avascript&colon;alert(1))'],
    ['[x](java&Tab;script:alert(1))', '[x]\\(java&Tab;script:alert(1))'],
    ['[x](javascript\\:alert(1))', '[x]\\(javascript\\:alert(1))'],
    ['![img](data:image/svg+xml;base64,PHN2Zz4=)', '![img]\\(data:image/svg+xml;base64,PHN2Zz4=)'],
    ['[v](VBScript:msgbox)', '[v]\\(VBScript:msgbox)'],
    ['[ref]: javascript:alert(1)', '\\[ref]: javascript:alert(1)'],
    ['[x](\njavascript:alert(1))', '[x]\\(\njavascript:alert(1))'],
    [
      '[ok](https://example.org/javascript:x) [data](./data:x)',
      '[ok](https://example.org/javascript:x) [data](./data:x)',
    ],
  ])('%j → %j', (note, safe) => {
    expect(safeMarkdown(note)).toBe(safe);
  });

  it('drops bidi overrides and zero-width characters from notes', () => {
    expect(safeMarkdown('a\u202eb\u200bc\u2066d')).toBe('abcd');
  });
});

describe('safeMarkdown', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)>'],
    ['</p><script>x</script>', '\\</p>\\<script>x\\</script>'],
    ['<!-- c --> <!DOCTYPE x> <?php ?> <![CDATA[x]]>', '\\<!-- c --> \\<!DOCTYPE x> \\<?php ?> \\<![CDATA[x]]>'],
    ['<img\nsrc=x onerror=alert(1)>', '\\<img\nsrc=x onerror=alert(1)>'],
    ['already \\<b> escaped', 'already \\<b> escaped'],
    ['escaped backslash \\\\<b>', 'escaped backslash \\\\\\<b>'],
    ['a < b, a<3, <= and <>', 'a < b, a<3, <= and <>'],
    ['<https://example.org/a?b=1> <HTTP://X.ORG>', '<https://example.org/a?b=1> <HTTP://X.ORG>'],
    ['<javascript:alert(1)> <mailto:a@b.c> <a@b.c>', '\\<javascript:alert(1)> \\<mailto:a@b.c> \\<a@b.c>'],
    ['**bold** _it_ [link](https://x.org) # h', '**bold** _it_ [link](https://x.org) # h'],
    // Inline code is not trusted (module comment): the backslash shows there.
    ['`<b>`', '`\\<b>`'],
    ['a\r\nb\rc', 'a\nb\nc'],
  ])('%j → %j', (note, safe) => {
    expect(safeMarkdown(note)).toBe(safe);
  });

  it('leaves fenced code blocks alone and closes one left open', () => {
    expect(safeMarkdown('```html\n<b>x</b>\n```\n<b>')).toBe('```html\n<b>x</b>\n```\n\\<b>');
    expect(safeMarkdown('~~~~\n<b>\n~~~\n<i>\n  ~~~~~  \n<u>')).toBe('~~~~\n<b>\n~~~\n<i>\n  ~~~~~  \n\\<u>');
    expect(safeMarkdown('````\n<b>\n```')).toBe('````\n<b>\n```\n````');
    // Not fences: an info string with a backtick, an indented opener (treated as text: the safe direction).
    expect(safeMarkdown('``` a`b\n<b>')).toBe('``` a`b\n\\<b>');
    expect(safeMarkdown('  ```\n<b>')).toBe('  ```\n\\<b>');
  });
});

/**
 * True when no `<` could open raw HTML outside a fenced block: each one that is followed by a letter, `/`, `!` or `?`
 * has an odd number of backslashes before it or starts an http(s) autolink. Blockquote markers are stripped first.
 */
function noRawHtml(markdown: string): boolean {
  let fence: string | undefined;
  for (const raw of markdown.split('\n')) {
    const line = raw === '>' ? '' : raw.startsWith('> ') ? raw.slice(2) : raw;
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    const open = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = open[1];
      continue;
    }
    for (const match of line.matchAll(/(\\*)<[A-Za-z/!?]/g)) {
      if (match[1]!.length % 2 === 1) continue;
      if (/^<https?:\/\/[^\s<>]*>/i.test(line.slice(match.index + match[1]!.length))) continue;
      return false;
    }
  }
  return fence === undefined;
}

/** Checks the frontmatter shape: `key: <JSON value>` or `key:` followed by ` - <JSON string>` items. */
function frontmatterFields(text: string): Map<string, unknown> {
  expect(text.startsWith('---\n')).toBe(true);
  const end = text.indexOf('\n---\n', 3);
  expect(end).toBeGreaterThan(0);
  const block = text.slice(4, end);
  expect(block).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/);
  const fields = new Map<string, unknown>();
  let list: string[] | undefined;
  for (const line of block.split('\n')) {
    const item = /^ {2}- (.*)$/.exec(line);
    if (item) {
      expect(list, line).toBeDefined();
      const value: unknown = JSON.parse(item[1]!);
      expect(typeof value).toBe('string');
      list!.push(value as string);
      continue;
    }
    const field = /^([a-z][a-z0-9]*):(?: (.+))?$/.exec(line);
    expect(field, line).not.toBeNull();
    if (field![2] === undefined) {
      list = [];
      fields.set(field![1]!, list);
    } else {
      list = undefined;
      fields.set(field![1]!, JSON.parse(field![2]));
    }
  }
  return fields;
}

describe('markdown properties', () => {
  it('safeMarkdown leaves no raw HTML and no open fence, and changes nothing else but line endings', () => {
    fc.assert(
      fc.property(hostileText, (note) => {
        const safe = safeMarkdown(note);
        expect(noRawHtml(safe), safe).toBe(true);
        // Only backslashes before `<` (and before links to script schemes) are added, invisible controls dropped, and a
        // closing fence line added at the end.
        // Read escapes as Markdown does, left to right: `\\` is one escaped backslash (kept), `\<` an escaped `<`.
        const unescape = (text: string) =>
          text.replace(/\\([\\<([])/g, (escape, char: string) => (char === '\\' ? escape : char));
        const expected = unescape(withoutInvisibles(wellFormed(note)).replace(/\r\n?/g, '\n'));
        const got = unescape(safe);
        expect(
          got === expected ||
            (got.startsWith(`${expected}\n`) && /^(`{3,}|~{3,})$/.test(got.slice(expected.length + 1))),
        ).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('the document never throws and has no raw HTML', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), (papers) => {
        const markdown = toMarkdown(papers);
        expect(noRawHtml(markdown), markdown).toBe(true);
        expect(markdown.match(/^## /gm) ?? []).toHaveLength(papers.length);
      }),
      { numRuns: 300 },
    );
  });

  it('the zip holds one file per paper whose frontmatter is JSON values and lists of JSON strings', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), (papers) => {
        const files = unzipSync(toMarkdownZip(papers));
        const names = Object.keys(files);
        expect(names).toHaveLength(papers.length);
        for (const name of names) {
          expect(name).toMatch(/^[a-z0-9]+\.md$/);
          const text = strFromU8(files[name]!);
          const fields = frontmatterFields(text);
          expect(typeof fields.get('title')).toBe('string');
          for (const tag of (fields.get('tags') as string[] | undefined) ?? []) {
            expect(tag).toMatch(/^[\p{L}\p{M}\p{N}_\-/]+$/u);
            expect(tag).toMatch(/[^\p{N}/]/u);
          }
          expect(noRawHtml(text.slice(text.indexOf('\n---\n') + 5)), text).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('yamlString is a JSON string of the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(JSON.parse(yamlString(text))).toBe(wellFormed(text));
      }),
    );
  });
});
