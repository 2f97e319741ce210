/**
 * Tags, in one place: how a list of tags is cleaned and how tags are read from text (every text box and every importer
 * reads them the same way). Tags are compared ignoring case, so `ML` and `ml` are one tag, spelled as it was first
 * written.
 */

/** What separates tags in text: a comma or a semicolon (BibTeX `keywords` and CSL `keyword` use either). */
const SEPARATOR = /[,;]/;

/** A tag as stored: white space collapsed to single spaces and trimmed. */
function cleanTag(tag: string): string {
  return tag.replace(/\s+/g, ' ').trim();
}

/** What two tags are compared by: `ML` and `ml` are the same tag. */
export function tagId(tag: string): string {
  return cleanTag(tag).toLowerCase();
}

/**
 * Tags cleaned (white space collapsed and trimmed), blank ones dropped, duplicates removed ignoring case keeping the
 * first spelling, in the given order.
 */
export function normalizeTags(tags: Iterable<string>): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = cleanTag(raw);
    const id = tag.toLowerCase();
    if (tag === '' || seen.has(id)) continue;
    seen.add(id);
    result.push(tag);
  }
  return result;
}

/** Tags typed or imported as text, separated by commas or semicolons: `ml, to read; ML` → `['ml', 'to read']`. */
export function parseTags(text: string): string[] {
  return normalizeTags(text.split(SEPARATOR));
}
