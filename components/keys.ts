/**
 * The listing's single-key shortcuts, as the page bar and the welcome page list them (KeyList.tsx; the bindings
 * themselves are in entrypoints/papers.content/keyboard.ts). No imports, so the welcome page does not pull the settings
 * schema in.
 */
export const KEYS: readonly [string, string][] = [
  ['j / k', 'next / previous entry'],
  ['s', 'save or unsave'],
  ['n', 'note'],
  ['t', 'tags'],
  ['x', 'select'],
  ['o', 'open the paper in a background tab'],
  ['z', 'send to Zotero'],
  ['h', 'hide seen on / off'],
  ['?', 'show these keys'],
];
