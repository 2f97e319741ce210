/**
 * ESLint for the whole repository (`npm run lint`; formatting is Prettier's job, so no stylistic rules here).
 *
 * The layers, each importing only from the ones before it: lib/paper → pure core (lib/sites, lib/generic, lib/digests,
 * lib/search, lib/formats, lib/library, lib/transfer, lib/*.ts) → lib/db → lib/app → components → entrypoints. Only
 * lib/db and lib/app may touch browser APIs; components get everything through props and lib/app. Page-derived text is
 * always text: the HTML sinks and string evaluation are errors in shipped code.
 *
 * typescript-eslint reads code with TypeScript's JavaScript API, which TypeScript 7 no longer ships. So package.json
 * installs both, as the TypeScript 7 release notes describe: `@typescript/native` (TypeScript 7) provides `tsc` for
 * `npm run typecheck` and the build, and `typescript` is `@typescript/typescript6`, the 6.0 API this config runs on.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import commentCitations from './eslint-rules/comment-citations.js';

const REPO = join(import.meta.dirname, '..');

const SOURCE = ['**/*.{ts,tsx,js,mjs}'];
const SHIPPED = ['lib/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'];

/** What each part of lib/ may import from lib/ (besides itself). The zones below forbid everything else. */
const LIB_IMPORTS = {
  'lib/paper': ['zod.ts'],
  'lib/sites': ['paper', 'zod.ts'],
  // Generic mode's detector: any listing, by its links to paper ids; it reuses the adapters' helpers.
  'lib/generic': ['paper', 'sites', 'zod.ts'],
  // E-mail digests and saved pages, read by the digest page; a saved page is read by generic mode's detector, and arXiv
  // mails' TeX by the formats' one decoder.
  'lib/digests': ['paper', 'sites', 'generic', 'formats', 'zod.ts'],
  'lib/search': ['paper', 'zod.ts', 'settings.ts'],
  'lib/formats': ['paper', 'zod.ts'],
  'lib/library': ['paper', 'search', 'zod.ts', 'settings.ts'],
  'lib/transfer': ['paper', 'formats', 'search', 'zod.ts', 'settings.ts'],
  // Sync between devices: the merge (by MERGE_POLICY's sync rules), the server's files and a WebDAV client over a given
  // fetch.
  'lib/sync': ['paper', 'zod.ts'],
  // Zotero hand-off: items from papers (the formats' shared helpers), the connector and Web API clients over a given
  // fetch, and the index of the user's Zotero library.
  'lib/zotero': ['paper', 'formats', 'zod.ts'],
  // The top-level files: the message protocol (which names the site adapters) and the settings schemas.
  'lib/*.ts': ['paper', 'sites', 'zod.ts', 'settings.ts'],
};

const libZones = Object.entries(LIB_IMPORTS).map(([target, allowed]) => {
  const own = target.endsWith('*.ts') ? [] : [target.slice('lib/'.length)];
  return {
    target: `./${target}`,
    from: './lib',
    except: [...own, ...allowed].map((name) => `./${name}`),
    message: `${target} may import from lib/ only ${[...own, ...allowed].join(', ')} (see the layers in tests/eslint.config.js).`,
  };
});

const LAYER_ZONES = [
  ...libZones,
  {
    target: './lib/db',
    from: './lib/app',
    message: 'lib/db sits below lib/app: the services use the database, not the reverse.',
  },
  {
    target: './lib',
    from: ['./components', './entrypoints'],
    message: 'lib/ never imports components or entrypoints: they sit above it.',
  },
  {
    target: './components',
    from: ['./lib/db', './entrypoints'],
    message: 'components are props in, markup out: reach the database through lib/app, never lib/db.',
  },
];

/** Browser globals the pure core must not touch (lib/db and lib/app are the only parts of lib/ that may). */
const BROWSER_GLOBALS = [
  'window',
  'self',
  'document',
  'navigator',
  'location',
  'history',
  'chrome',
  'browser',
  'indexedDB',
  'IDBKeyRange',
  'localStorage',
  'sessionStorage',
  'caches',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'alert',
  'confirm',
  'prompt',
  'open',
  'getComputedStyle',
  'matchMedia',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'customElements',
  'screen',
  'frames',
  'parent',
  'top',
  'opener',
].map((name) => ({
  name,
  message: 'The pure core runs in node too: take what you need as a parameter (a Document, a URL, a clock).',
}));

const PACKAGES_OF_THE_BROWSER_LAYER = [
  { name: 'dexie', message: 'Only lib/db and lib/app use Dexie.' },
  { name: '#imports', message: 'Import from the module itself; WXT auto-imports are off.' },
];
const WXT_PATTERN = {
  group: ['wxt', 'wxt/*'],
  message: 'Only lib/db, lib/app and entrypoints use WXT and the extension APIs.',
};

const NOT_TEXT =
  'Page-derived text is always text: build nodes with textContent / Preact children, never from an HTML string.';

/** Patterns are relative to the repository, wherever `--config` is given from. */
export default defineConfig([
  globalIgnores([
    '**/node_modules/',
    '.output*/',
    '.wxt/',
    'demo-output/',
    'test-results*/',
    'playwright-report/',
    'public/',
    'tests/fixtures/',
  ]),
  {
    files: SOURCE,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: {
      'import-x': importX,
      'react-hooks': reactHooks,
      dogear: { rules: { 'comment-citations': commentCitations } },
    },
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })] },
    rules: {
      'dogear/comment-citations': 'error',
      // Bugs, not style.
      eqeqeq: ['error', 'smart'],
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-unreachable-loop': 'error',
      'no-constructor-return': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Stripping control characters from page text is the point of several patterns here.
      'no-control-regex': 'off',
    },
  },
  {
    files: SHIPPED,
    // Declared so no-implied-eval recognises them (TypeScript checks every other global).
    languageOptions: {
      globals: {
        setTimeout: 'readonly',
        setInterval: 'readonly',
        window: 'readonly',
        globalThis: 'readonly',
        self: 'readonly',
      },
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: REPO, zones: LAYER_ZONES }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-globals': ['error', { name: 'DOMParser', message: NOT_TEXT }],
      'no-restricted-properties': [
        'error',
        ...[
          'innerHTML',
          'insertAdjacentHTML',
          'createContextualFragment',
          'setHTMLUnsafe',
          'parseHTMLUnsafe',
          'srcdoc',
        ].map((property) => ({ property, message: NOT_TEXT })),
        { object: 'document', property: 'write', message: NOT_TEXT },
        { object: 'document', property: 'writeln', message: NOT_TEXT },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression > MemberExpression.left[property.name='outerHTML']", message: NOT_TEXT },
        {
          selector: 'JSXAttribute[name.name=/^(dangerouslySetInnerHTML|innerHTML|outerHTML|srcdoc|srcDoc)$/]',
          message: NOT_TEXT,
        },
        { selector: "Property[key.name='dangerouslySetInnerHTML']", message: NOT_TEXT },
        {
          selector: "CallExpression[callee.property.name=/^write(ln)?$/][callee.object.property.name='ownerDocument']",
          message: NOT_TEXT,
        },
        {
          selector: "CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^(srcdoc|on[a-z]+)$/i]",
          message: NOT_TEXT,
        },
      ],
    },
  },
  {
    // With type information (TypeScript's project service): a promise nobody awaits or catches loses its error, which
    // in an extension means a save that fails without a word.
    files: SHIPPED,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: REPO } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/db/**', 'lib/app/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'DOMParser', message: NOT_TEXT }, ...BROWSER_GLOBALS],
      'no-restricted-imports': ['error', { paths: PACKAGES_OF_THE_BROWSER_LAYER, patterns: [WXT_PATTERN] }],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'DOMParser', message: NOT_TEXT },
        ...['chrome', 'browser', 'indexedDB'].map((name) => ({
          name,
          message: 'components are props in, markup out: the extension APIs and the database live in lib/app.',
        })),
      ],
      'no-restricted-imports': ['error', { paths: PACKAGES_OF_THE_BROWSER_LAYER, patterns: [WXT_PATTERN] }],
    },
  },
  {
    files: ['tests/**', '*.config.ts'],
    rules: {
      // Tests build fixtures in jsdom and cast freely at the edges of what they check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // BibTeX and TeX test strings are full of `${`.
      'no-template-curly-in-string': 'off',
    },
  },
]).map((config) => ({ basePath: REPO, ...config }));
