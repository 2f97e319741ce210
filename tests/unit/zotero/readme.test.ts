/**
 * The README's Zotero mapping table (section "Zotero", under "Dogear field → Zotero field") is ZOTERO_FIELD_MAP
 * (lib/zotero/item.ts), row for row: the list the item tests check toZoteroItem against is the list users read, so the
 * table cannot promise a field Dogear does not write nor leave one out. On a failure the message is the table to
 * paste.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZOTERO_FIELD_MAP } from '../../../lib/zotero/item.ts';

const README = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
const ALL_TYPES = ['preprint', 'journalArticle', 'conferencePaper', 'webpage'];
const HEADER = ['| Dogear field | Zotero field | Item types | What is written |', '|---|---|---|---|'];

/** The text from `## title` to the next `## ` heading. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

/**
 * A table cell: pipes escaped, so a value can never split its row, and `<` escaped, so `arXiv:<id>` is not read as an
 * HTML tag (and hidden) where the README is rendered.
 */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('<', '\\<');

/** The table as the README must show it, one line per row of ZOTERO_FIELD_MAP, in its order. */
function expectedTable(): string[] {
  return [
    ...HEADER,
    ...ZOTERO_FIELD_MAP.map((row) => {
      const types = ALL_TYPES.every((type) => row.itemTypes.includes(type as (typeof row.itemTypes)[number]))
        ? 'all'
        : row.itemTypes.map((type) => `\`${type}\``).join(', ');
      return `| ${cell(row.dogear)} | \`${row.zotero}\` | ${types} | ${cell(row.value)} |`;
    }),
  ];
}

/** The README's table: the lines starting with `|` right after the "Dogear field → Zotero field" heading. */
function readmeTable(): string[] {
  const text = section('Zotero');
  const heading = text.indexOf('\n### Dogear field → Zotero field\n');
  if (heading === -1) throw new Error('README "## Zotero" has no "### Dogear field → Zotero field" heading');
  const lines = text.slice(heading).split('\n').slice(2);
  const start = lines.findIndex((line) => line.startsWith('|'));
  if (start === -1) throw new Error('README "### Dogear field → Zotero field" has no table');
  const rest = lines.slice(start);
  const end = rest.findIndex((line) => !line.startsWith('|'));
  return rest.slice(0, end === -1 ? undefined : end);
}

describe('README Zotero mapping table', () => {
  it('is ZOTERO_FIELD_MAP, row for row', () => {
    const expected = expectedTable();
    expect(readmeTable(), `paste this table into README.md:\n${expected.join('\n')}`).toEqual(expected);
  });

  it('names every Zotero field Dogear writes', () => {
    // The mapping's own promise, seen from the README: each target field appears in the table.
    const fields = new Set(
      readmeTable().flatMap((line) => [...line.matchAll(/\| `([A-Za-z ()]+)` \|/g)].map((m) => m[1])),
    );
    for (const field of ['itemType', 'title', 'creators', 'DOI', 'archiveID', 'tags', 'note (child note)']) {
      expect(fields, field).toContain(field);
    }
  });
});
