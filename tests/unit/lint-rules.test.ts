/**
 * The lint rules that guard the design, run on small snippets placed at real paths: each must fail on what it forbids
 * and stay quiet on the allowed form, so a config change cannot switch a guard off unnoticed. The snippets import files
 * that exist, since the layer rule resolves every import.
 */
import { ESLint, RuleTester } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import commentCitations from '../eslint-rules/comment-citations.js';

const REPO = join(import.meta.dirname, '../..');
const CONFIG = join(REPO, 'tests/eslint.config.js');
const TYPED_RULES = ['no-floating-promises', 'no-misused-promises', 'await-thenable'].map(
  (rule) => `@typescript-eslint/${rule}`,
);

/**
 * The repository's config, for snippets at paths that do not exist: without type information (the project service only
 * knows files on disk), so without the rules that need it, which `typed` brings back for one snippet.
 */
const eslint = new ESLint({
  cwd: REPO,
  overrideConfigFile: CONFIG,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: Object.fromEntries(TYPED_RULES.map((rule) => [rule, 'off'])),
  },
});
const typed = new ESLint({
  cwd: REPO,
  overrideConfigFile: CONFIG,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['lib/app/*.ts'] } } },
  },
});

/** The rule ids reported for `code` as if it were the file at `path` (relative to the repository). */
async function rulesHit(path: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: join(REPO, path) });
  if (result === undefined) throw new Error(`no result for ${path}`);
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${path}: ${fatal.message}`);
  return result.messages.map((message) => message.ruleId ?? 'unused directive');
}

// Loading the plugins and the import resolver takes seconds on a busy machine; once, before the timed tests.
beforeAll(() => rulesHit('lib/warm-up.ts', 'export {};\n'), 60_000);

describe('page text is always text (shipped code)', () => {
  it.each([
    [
      'components/Sink.tsx',
      'export const f = (el: Element, s: string) => { el.innerHTML = s; };',
      'no-restricted-properties',
    ],
    ['lib/sites/sink.ts', 'export const f = (el: Element) => el.innerHTML;', 'no-restricted-properties'],
    [
      'entrypoints/sink.ts',
      'export const f = (el: Element, s: string) => { el.outerHTML = s; };',
      'no-restricted-syntax',
    ],
    [
      'components/Sink.tsx',
      "export const f = (el: Element, s: string) => el.insertAdjacentHTML('beforeend', s);",
      'no-restricted-properties',
    ],
    [
      'components/Sink.tsx',
      'export const C = (p: { s: string }) => <div dangerouslySetInnerHTML={{ __html: p.s }} />;',
      'no-restricted-syntax',
    ],
    [
      'components/Sink.tsx',
      "import { h } from 'preact';\nexport const C = (s: string) => h('div', { dangerouslySetInnerHTML: { __html: s } });",
      'no-restricted-syntax',
    ],
    ['components/Sink.tsx', 'export const C = (p: { s: string }) => <div innerHTML={p.s} />;', 'no-restricted-syntax'],
    ['components/Sink.tsx', 'export const C = (p: { s: string }) => <iframe srcdoc={p.s} />;', 'no-restricted-syntax'],
    ['entrypoints/sink.ts', 'export const f = (s: string) => document.write(s);', 'no-restricted-properties'],
    [
      'entrypoints/sink.ts',
      'export const f = (el: Element, s: string) => el.ownerDocument.write(s);',
      'no-restricted-syntax',
    ],
    ['entrypoints/sink.ts', 'export const f = (s: string) => eval(s);', 'no-eval'],
    ['entrypoints/sink.ts', "export const f = (s: string) => setTimeout('go(' + s + ')', 1);", 'no-implied-eval'],
    ['lib/formats/sink.ts', 'export const f = (s: string) => new Function(s);', 'no-new-func'],
    [
      'entrypoints/sink.ts',
      'export const f = (r: Range, s: string) => r.createContextualFragment(s);',
      'no-restricted-properties',
    ],
    [
      'entrypoints/sink.ts',
      "export const f = (s: string) => new DOMParser().parseFromString(s, 'text/html');",
      'no-restricted-globals',
    ],
    [
      'entrypoints/sink.ts',
      "export const f = (el: Element, s: string) => el.setAttribute('onclick', s);",
      'no-restricted-syntax',
    ],
  ])('%s: %s → %s', async (path, code, rule) => {
    expect(await rulesHit(path, code)).toContain(rule);
  });

  it('allows text: textContent, Preact children, setAttribute of a plain attribute', async () => {
    expect(
      await rulesHit(
        'entrypoints/text.ts',
        'export const f = (el: Element, s: string) => { el.textContent = s; el.setAttribute("title", s); };',
      ),
    ).toEqual([]);
    expect(
      await rulesHit('components/Text.tsx', 'export const C = (p: { s: string }) => <div title={p.s}>{p.s}</div>;'),
    ).toEqual([]);
  });

  it('leaves tests free to build fixtures from HTML', async () => {
    expect(
      await rulesHit(
        'tests/unit/fixture-html.test.ts',
        'export const f = (el: Element, s: string) => { el.innerHTML = s; };',
      ),
    ).toEqual([]);
  });
});

describe('promises', () => {
  it('a promise nobody awaits or catches in shipped code is an error; a handled one is not', async () => {
    const floating = 'export function f(save: () => Promise<void>): void {\n  save();\n}\n';
    const handled = 'export async function f(save: () => Promise<void>): Promise<void> {\n  await save();\n}\n';
    expect(await rulesHit('lib/app/float.ts', floating, typed)).toContain('@typescript-eslint/no-floating-promises');
    expect(await rulesHit('lib/app/float.ts', handled, typed)).toEqual([]);
  }, 120_000); // builds the TypeScript program of the whole repository
});

describe('browser globals', () => {
  it.each([
    ['lib/sites/global.ts', 'export const title = () => document.title;'],
    ['lib/paper/global.ts', 'export const lang = () => navigator.language;'],
    ['lib/formats/global.ts', "export const get = () => fetch('https://example.org');"],
    ['lib/search/global.ts', "export const read = () => localStorage.getItem('x');"],
    ['lib/transfer/global.ts', 'export const open = () => indexedDB.open("x");'],
    ['lib/library/global.ts', 'export const send = () => chrome.runtime.id;'],
    ['lib/messages-global.ts', 'export const w = () => window.innerWidth;'],
  ])('%s may not use them: %s', async (path, code) => {
    expect(await rulesHit(path, code)).toContain('no-restricted-globals');
  });

  it('lib/db and lib/app may, and a parameter named like a global is not the global', async () => {
    expect(await rulesHit('lib/db/global.ts', 'export const open = () => indexedDB.open("x");')).toEqual([]);
    expect(await rulesHit('lib/app/global.ts', 'export const w = () => window.innerWidth;')).toEqual([]);
    expect(
      await rulesHit('lib/sites/param.ts', 'export const title = (document: Document) => document.title;'),
    ).toEqual([]);
  });

  it('components may not reach the extension APIs through a global', async () => {
    expect(await rulesHit('components/Global.tsx', 'export const id = () => chrome.runtime.id;')).toContain(
      'no-restricted-globals',
    );
  });
});

describe('one dependency direction', () => {
  it.each([
    ['lib/paper/up.ts', "import { adapters } from '../sites/registry.ts';\nexport { adapters };"],
    ['lib/paper/up.ts', "import { z } from '../settings.ts';\nexport { z };"],
    ['lib/sites/up.ts', "import { z } from '../formats/index.ts';\nexport { z };"],
    ['lib/formats/up.ts', "import { z } from '../transfer/plan.ts';\nexport { z };"],
    ['lib/formats/up.ts', "import { db } from '../db/app-db.ts';\nexport { db };"],
    ['lib/search/up.ts', "import { db } from '../db/app-db.ts';\nexport { db };"],
    ['lib/messages-up.ts', "import { db } from './db/app-db.ts';\nexport { db };"],
    ['lib/db/up.ts', "import x from '../../components/NoteEditor.tsx';\nexport { x };"],
    ['lib/db/up.ts', "import x from '../../entrypoints/background.ts';\nexport { x };"],
    ['components/Up.tsx', "import { db } from '../lib/db/app-db.ts';\nexport { db };"],
    ['components/library/Up.tsx', "import { db } from '../../lib/db/app-db.ts';\nexport { db };"],
    ['components/Up.tsx', "import x from '../entrypoints/background.ts';\nexport { x };"],
  ])('%s may not: %s', async (path, code) => {
    expect(await rulesHit(path, code)).toContain('import-x/no-restricted-paths');
  });

  it.each([
    ['components/Up.tsx', "import Dexie from 'dexie';\nexport { Dexie };"],
    ['components/Up.tsx', "import { browser } from 'wxt/browser';\nexport { browser };"],
    ['components/Up.tsx', "import { storage } from 'wxt/utils/storage';\nexport { storage };"],
    ['lib/formats/up.ts', "import Dexie from 'dexie';\nexport { Dexie };"],
    ['lib/sites/up.ts', "import { browser } from 'wxt/browser';\nexport { browser };"],
  ])('%s may not: %s', async (path, code) => {
    expect(await rulesHit(path, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['lib/paper/down.ts', "import { z } from '../zod.ts';\nexport { z };"],
    ['lib/sites/down.ts', "import { PaperSchema } from '../paper/model.ts';\nexport { PaperSchema };"],
    ['lib/transfer/down.ts', "import { formatReferences } from '../formats/index.ts';\nexport { formatReferences };"],
    ['lib/messages-down.ts', "import { adapters } from './sites/registry.ts';\nexport { adapters };"],
    [
      'lib/db/down.ts',
      "import Dexie from 'dexie';\nimport { adapters } from '../sites/registry.ts';\nexport { Dexie, adapters };",
    ],
    ['components/Down.tsx', "import { PaperSchema } from '../lib/paper/model.ts';\nexport { PaperSchema };"],
    [
      'entrypoints/down.ts',
      "import { db } from '../lib/db/app-db.ts';\nimport { browser } from 'wxt/browser';\nexport { db, browser };",
    ],
  ])('%s may: %s', async (path, code) => {
    expect(await rulesHit(path, code)).toEqual([]);
  });
});

describe('comment-citations', () => {
  RuleTester.describe = describe;
  RuleTester.it = it;
  const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
  const filename = join(REPO, 'lib/example.ts');
  tester.run('comment-citations', commentCitations, {
    valid: [
      { filename, code: '/** Parsed as lib/paper/model.ts says; see tests/unit/sites/registry.test.ts:12. */' },
      { filename, code: '// One folder per site: lib/sites/<id>/adapter.ts, tests/e2e/*.spec.ts, lib/sites/.' },
      { filename, code: '// Chrome: extensions/common/url_pattern.cc; node_modules/wxt/lib/x.ts; see ../lib/zod.ts.' },
      { filename, code: '// Reference counting: see the issue tracker; the shared style.' },
    ],
    invalid: [
      { filename, code: '// Per reference/toolchain.md, gotcha 7.', errors: [{ messageId: 'outside' }] },
      { filename, code: '/** Loud failures (STYLE.md §2). */', errors: [{ messageId: 'outside' }] },
      { filename, code: '// Copied from ../shared/notes.', errors: [{ messageId: 'outside' }] },
      { filename, code: '// The speed targets of issue #4.', errors: [{ messageId: 'outside' }] },
      {
        filename,
        code: '// See lib/import/plan.ts.',
        errors: [{ messageId: 'missing', data: { path: 'lib/import/plan.ts' } }],
      },
      { filename, code: '/* `components/PaperItem.tsx` renders it */', errors: [{ messageId: 'missing' }] },
    ],
  });
});
