/**
 * House rule: a comment may only point the reader at something they can open in this repository. It fails on citations
 * of documents that live outside it (the notes in a `reference/` folder, the style guide, the `shared` folder beside
 * the repository), on issue numbers (the tracker is not part of the repository), and on a repository path (`lib/…`,
 * `components/…`, `entrypoints/…`, `tests/…`) that does not exist, which is how a comment goes stale after a file
 * moves.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../..');

/** Citations of material outside the repository, each with what to say about it. */
const OUTSIDE = [
  { pattern: /\breference\/[\w./*-]*\.md\b/, what: 'a reference/….md document' },
  { pattern: /\bSTYLE\.md\b/, what: 'STYLE.md' },
  { pattern: /\.\.\/shared\b/, what: '../shared' },
  { pattern: /\bissue #\d+/i, what: 'an issue number' },
];

/**
 * A repository path in prose: starts a word (not the tail of `node_modules/x/lib/…` or `../lib/…` glued to a package
 * name), one of the four source roots, then path characters.
 */
const REPO_PATH = /(?<![\w@$.-]|[\w-]\/)(?:\.\.\/|\.\/)*((?:lib|components|entrypoints|tests)\/[\w./[\]-]*)/g;

/** Placeholders and globs (`lib/sites/<id>/`, `tests/e2e/*.spec.ts`, `formats/{a,b}`) name a pattern, not a file. */
const PATTERN_CHARS = /[<>*{}…]|\[/;

/**
 * The path a match names, without the sentence's punctuation after it or a `:line` suffix.
 *
 * @param {string} raw
 */
function cleanPath(raw) {
  return raw.replace(/[.,;:)]+$/, '').replace(/:\d+(?:-\d+)?$/, '');
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'comments cite only files that exist in this repository' },
    schema: [],
    messages: {
      outside:
        'This comment cites {{what}}, which is not in this repository: bring what the reader needs here, or drop it.',
      missing: 'This comment names {{path}}, which does not exist in this repository.',
    },
  },
  create(context) {
    const { sourceCode } = context;
    return {
      Program() {
        for (const comment of sourceCode.getAllComments()) {
          const text = comment.value;
          for (const { pattern, what } of OUTSIDE) {
            if (pattern.test(text)) context.report({ loc: comment.loc, messageId: 'outside', data: { what } });
          }
          for (const match of text.matchAll(REPO_PATH)) {
            const end = (match.index ?? 0) + match[0].length;
            if (PATTERN_CHARS.test(match[1] ?? '') || PATTERN_CHARS.test(text.charAt(end))) continue;
            const path = cleanPath(match[1] ?? '');
            if (!existsSync(join(REPO, path))) {
              context.report({ loc: comment.loc, messageId: 'missing', data: { path } });
            }
          }
        }
      },
    };
  },
};
