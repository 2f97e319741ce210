/**
 * Page-derived text must only ever become text. No source file may use an HTML sink or evaluate strings
 * (reference/security-reliability-performance.md requirement 3). Preact renders strings as text nodes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const SINKS = [
  /\.innerHTML\b/,
  /\.outerHTML\s*=/,
  /insertAdjacentHTML/,
  /dangerouslySetInnerHTML/,
  /document\.write\(/,
  /\beval\(/,
  /new Function\(/,
  /createContextualFragment/,
  /DOMParser/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|html)$/.test(entry.name) ? [path] : [];
  });
}

describe('source folders', () => {
  const files = ['entrypoints', 'components', 'lib'].flatMap((dir) => sourceFiles(join(REPO, dir)));

  it('exist', () => expect(files.length).toBeGreaterThan(10));

  it.each(files.map((file) => [relative(REPO, file), file]))('%s has no HTML sink or eval', (_name, file) => {
    const code = readFileSync(file, 'utf8');
    for (const sink of SINKS) expect(code).not.toMatch(sink);
  });
});
