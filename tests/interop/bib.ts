/**
 * A small, independent reader for the BibTeX that other programs write back (biber's `--tool` output, bibutils'
 * `xml2bib`): entries of `field = {value}` or `field = "value"`, names split on top-level `and`. Deliberately not
 * Dogear's own parser, so a bug there cannot hide a bug in a writer.
 */
export interface BibEntry {
  type: string;
  key: string;
  /** Field names lowercased; values as written, outer braces or quotes removed. */
  fields: Map<string, string>;
}

export function readBib(text: string): BibEntry[] {
  const entries: BibEntry[] = [];
  const start = /@\s*(\w+)\s*\{\s*([^,\s]*)\s*,/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(text)) !== null) {
    const fields = new Map<string, string>();
    let index = start.lastIndex;
    for (;;) {
      while (/[\s,]/.test(text[index] ?? '')) index += 1;
      if (index >= text.length || text[index] === '}') break;
      const name = /^([^=\s]+)\s*=\s*/.exec(text.slice(index));
      if (!name) break;
      index += name[0].length;
      let value: string;
      if (text[index] === '{' || text[index] === '"') {
        const close = text[index] === '{' ? '}' : '"';
        let depth = 0;
        const from = index + 1;
        for (index += 1; index < text.length; index += 1) {
          const char = text[index];
          if (char === '{') depth += 1;
          else if (char === '}' && (depth > 0 || close !== '}')) depth -= 1;
          else if (char === close && depth === 0) break;
        }
        value = text.slice(from, index);
        index += 1;
      } else {
        const bare = /^[^,}\s]*/.exec(text.slice(index))![0];
        value = bare;
        index += bare.length;
      }
      fields.set(name[1]!.toLowerCase(), value);
    }
    start.lastIndex = index;
    entries.push({ type: match[1]!.toLowerCase(), key: match[2]!, fields });
  }
  return entries;
}

/** The names of a BibTeX name list, split on `and` outside braces. */
export function bibNames(value: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  const words = value.split(/(\s+and\s+|[{}])/);
  for (const part of words) {
    if (part === '{') depth += 1;
    if (part === '}') depth -= 1;
    if (depth === 0 && /^\s+and\s+$/.test(part)) {
      names.push(current.trim());
      current = '';
    } else current += part;
  }
  if (current.trim() !== '') names.push(current.trim());
  return names;
}

/** Outer and grouping braces dropped, whitespace collapsed. */
export function unbrace(value: string): string {
  return value.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}
