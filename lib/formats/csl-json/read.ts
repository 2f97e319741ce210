/**
 * CSL-JSON reader: an array of items, as Zotero and Better BibTeX write them. The file must be one JSON array (anything
 * else throws an ImportFileError); each item is validated loosely with zod (unknown fields are ignored, a field of the
 * wrong type rejects that item only).
 *
 * Mapping:
 *
 * - key: `number` `arXiv:<id>` (Zotero's Archive ID), `URL` (arXiv, Hugging Face, doi.org), `DOI`, and `arXiv:<id>` in
 *   `note` (Zotero's Extra), `container-title` or `archive_location`; then `PMID` and a `URL` naming another kind of
 *   key (OpenReview, ACL Anthology, PubMed, Semantic Scholar, dblp); else the `URL` of an item with a title and an
 *   author (common/entry.ts);
 * - `title`: CSL rich text (`<i>`, `<sub>`, `<span class="nocase">`…), read back to TeX for a paper with an arXiv id
 *   (csl-json/rich-text.ts cslToTex), to plain text otherwise (cslToPlain); `abstract`;
 * - `author`: `{family, given, non-dropping-particle, dropping-particle, suffix}` or `{literal}` → the stored name
 *   (lib/paper/names.ts nameText: `李 华` stays family first);
 * - `issued.date-parts` (numbers or numeric strings), `issued.raw` or `issued.literal` → published, as precise as it is
 *   (`2015`, `2015-05`, `2015-05-12`);
 * - `DOI`: the key of a DOI-only item, the journal DOI beside an arXiv id;
 * - `note` → note, unless it only names the paper (`arXiv:1706.03762 [cs]`);
 * - `custom.tags` (strings or `{tag}` objects) and `keyword` (split on `,`/`;`) → tags;
 * - `citation-key`, else `id` → the entry's cite key, verbatim (lib/transfer/plan.ts decides whether it is usable).
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
import { pmidKey } from '../bibtex/read.ts';
import { parseJsonText } from '../common/json.ts';
import { CANDIDATE_LIMITS } from '../../paper/model.ts';
import { nameText } from '../../paper/names.ts';
import { parseTags } from '../../paper/tags.ts';
import { cslToPlain, cslToTex, isTexSource } from './rich-text.ts';
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
  literal: z.string().optional(),
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
  PMID: Text.optional(),
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
      dogearKey: z.unknown().optional(),
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
      keys: [pmidKey(item.PMID)],
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
  if (item.DOI !== undefined) fields.doi = item.DOI;
  const imported = toImported(fields);
  // A paper with an arXiv id keeps its title as TeX (the other writers' convention): the rich text goes back to the
  // TeX that csl-json/write.ts turns into the same rich text again, unless another tool already wrote it as TeX
  // (Zotero keeps arXiv's; Dogear's own files, with their `custom.dogearKey`, never hold TeX). Other titles are plain
  // text: the markup goes (`<sub>2</sub>` → `₂`), as the other formats cannot carry it.
  const ownFile = item.custom?.dogearKey !== undefined;
  if ('paper' in imported) {
    const { title } = imported.paper;
    if (imported.paper.arxivId === undefined) imported.paper.title = squash(cslToPlain(title)) || title;
    else if (ownFile || !isTexSource(title)) {
      const tex = cslToTex(title);
      if (tex.length <= CANDIDATE_LIMITS.title) imported.paper.title = tex;
    }
  }
  return imported;
}

/** A CSL name as the one stored author string (lib/paper/names.ts nameText): both particles go with the family name. */
function nameOf(name: z.infer<typeof NameSchema>): string {
  if (name.literal !== undefined) return nameText({ literal: name.literal });
  const particle = [name['dropping-particle'], name['non-dropping-particle']].filter((part) => part).join(' ');
  return nameText({
    family: name.family ?? '',
    given: name.given ?? '',
    ...(particle === '' ? {} : { particle }),
    ...(name.suffix ? { suffix: name.suffix } : {}),
  });
}

/** `issued` with its precision: `date-parts` (`[[2015]]`, `[[2015, 5]]`, `[[2015, 5, 12]]`), else `raw` or `literal`. */
function publishedOf(item: CslItem): string | undefined {
  const [parts] = item.issued?.['date-parts'] ?? [];
  if (parts && parts.length > 0) return calendarDate(parts[0], parts[1], parts[2]);
  const text = item.issued?.raw ?? item.issued?.literal;
  return text === undefined ? undefined : isoDateFromText(text);
}
