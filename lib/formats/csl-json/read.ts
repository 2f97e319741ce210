/**
 * CSL-JSON reader: an array of items, as Zotero and Better BibTeX write them. The file must be one JSON array (anything
 * else throws an ImportFileError); each item is validated loosely with zod (unknown fields are ignored, a field of the
 * wrong type rejects that item only).
 *
 * Mapping:
 *
 * - key: `number` `arXiv:<id>` (Zotero's Archive ID), `URL` (arXiv, Hugging Face, doi.org), `DOI`, and `arXiv:<id>` in
 *   `note` (Zotero's Extra), `container-title` or `archive_location`;
 * - `title` as is (CSL titles are plain text; a TeX title stays TeX); `abstract`;
 * - `author`: `{family, given}` → `given family` (with particles and suffix), `{literal}` as is;
 * - `issued.date-parts` (numbers or numeric strings) or `issued.raw` → published, when it is a full date;
 * - `note` → note, unless it only names the paper (`arXiv:1706.03762 [cs]`);
 * - `custom.tags` (strings or `{tag}` objects) and `keyword` (split on `,`/`;`) → tags;
 * - `citation-key`, else `id` → the entry's id.
 */
import {
  collect,
  describeIssues,
  isIdentifierOnly,
  calendarDate,
  isoDateFromText,
  squash,
  toImported,
  type EntryFields,
} from '../common/entry.ts';
import { parseJsonText } from '../common/json.ts';
import { parseTags } from '../../paper/tags.ts';
import { ImportFileError, type ImportedPaper, type ParseResult, type Rejection } from '../types.ts';
import { z } from '../../zod.ts';

const NameSchema = z.looseObject({
  family: z.string().optional(),
  given: z.string().optional(),
  literal: z.string().optional(),
  'non-dropping-particle': z.string().optional(),
  'dropping-particle': z.string().optional(),
  suffix: z.string().optional(),
});

const DatePart = z.union([z.number(), z.string()]);
const DateSchema = z.looseObject({
  'date-parts': z.array(z.array(DatePart)).optional(),
  raw: z.string().optional(),
});

const Text = z.union([z.string(), z.number()]).transform((value) => String(value));

const ItemSchema = z.looseObject({
  id: Text.optional(),
  'citation-key': z.string().optional(),
  type: z.string().optional(),
  title: z.string().optional(),
  author: z.array(NameSchema).optional(),
  issued: DateSchema.optional(),
  DOI: z.string().optional(),
  URL: z.string().optional(),
  number: Text.optional(),
  archive_location: z.string().optional(),
  'container-title': z.string().optional(),
  abstract: z.string().optional(),
  note: z.string().optional(),
  keyword: z.string().optional(),
  custom: z
    .looseObject({
      tags: z.array(z.union([z.string(), z.looseObject({ tag: z.string() }).transform((tag) => tag.tag)])).optional(),
    })
    .optional(),
});
type CslItem = z.infer<typeof ItemSchema>;

/** Reads a CSL-JSON file. Throws ImportFileError when it is not JSON or not an array. */
export function parseCslJson(text: string): ParseResult {
  const data = parseJsonText(text.replace(/^\uFEFF/, ''), 'CSL-JSON');
  if (!Array.isArray(data)) {
    const found = data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
    throw new ImportFileError(`CSL-JSON must be an array of items ([{…}, …]); this file holds ${found}`);
  }
  return collect(data.map((raw, index) => itemToImported(raw, index)));
}

function itemToImported(raw: unknown, index: number): ImportedPaper | Rejection {
  const parsed = ItemSchema.safeParse(raw);
  if (!parsed.success) {
    const id =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : undefined;
    const rejection: Rejection = { index, reason: `not a CSL item: ${describeIssues(parsed.error)}` };
    if (id !== undefined) rejection.id = id;
    return rejection;
  }
  const item = parsed.data;
  const note = item.note === undefined || isIdentifierOnly(item.note) ? undefined : item.note;
  const fields: EntryFields = {
    index,
    sources: {
      arxivIds: [item.number].filter((value) => value !== undefined && /^arxiv\s*:/i.test(value)) as string[],
      urls: [item.URL].filter((value) => value !== undefined),
      dois: [item.DOI].filter((value) => value !== undefined),
      texts: [item.note, item['container-title'], item.archive_location, item.number].filter(
        (value) => value !== undefined,
      ),
    },
    authors: (item.author ?? []).map(nameOf),
    tags: [...(item.custom?.tags ?? []), ...parseTags(item.keyword ?? '')],
  };
  const citeKey = item['citation-key'] ?? item.id;
  if (citeKey !== undefined) fields.citeKey = citeKey;
  if (item.title !== undefined) fields.title = item.title;
  if (item.abstract !== undefined) fields.abstract = item.abstract;
  const published = publishedOf(item);
  if (published !== undefined) fields.published = published;
  if (note !== undefined) fields.note = note;
  return toImported(fields);
}

function nameOf(name: z.infer<typeof NameSchema>): string {
  if (name.literal !== undefined) return squash(name.literal);
  const family = [name['non-dropping-particle'], name.family].filter((part) => part).join(' ');
  return squash([name.given, name['dropping-particle'], family, name.suffix].filter((part) => part).join(' '));
}

function publishedOf(item: CslItem): string | undefined {
  const [parts] = item.issued?.['date-parts'] ?? [];
  if (parts) return calendarDate(parts[0], parts[1], parts[2]);
  const raw = item.issued?.raw;
  return raw === undefined ? undefined : isoDateFromText(raw);
}
