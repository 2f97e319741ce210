/**
 * Person names with their parts (family, given, particle, suffix, or a literal kept whole), in one place: every writer
 * puts the parts in its own form (BibTeX `von Last, Jr, First`, RIS `Last, First, Suffix`, CSL `{family, given,
 * non-dropping-particle, suffix}`), and every reader turns parts back into the one string a paper stores (nameText),
 * which splitName reads back to the same parts. So names survive a round trip through any format without a second field
 * in the model.
 */

/** A name split into parts, or kept whole (a collaboration, a mononym, a name with no clear family part). */
export type PersonName = { family: string; given: string; particle?: string; suffix?: string } | { literal: string };

/** Generational suffixes written after the family name in "Family, Given, Suffix" forms. */
const SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv']);

/** Scripts whose names are written family name first. */
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Words that make a name an organisation's (`ATLAS Collaboration`, `Qwen Team`, `The Gemini Team`): kept whole, since
 * it has no family name to sort or abbreviate by.
 */
const ORGANISATION =
  /\b(?:collaboration|consortium|team|group|project|committee|laboratory|lab|labs|institute|university|inc\.?|ltd\.?|corporation|foundation|society|association|organization|organisation|council|network|initiative|contributors|authors)$/i;

/** One line, single spaces (names come from pages and files with any white space). */
function clean(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
}

function isEastAsian(text: string): boolean {
  return EAST_ASIAN.test(text) && !/\p{Script=Latin}/u.test(text);
}

/**
 * Splits a stored author name, following BibTeX's reading of names:
 *
 * - One word (a mononym, a CJK name written without a space such as `李华`) or an organisation's name: kept whole
 *   (`literal`), since guessing where a family name starts would be wrong as often as right.
 * - With commas, the name is in BibTeX's "Family, Given" or "Family, Suffix, Given" order (nameText writes that form for
 *   names the plain order cannot carry: two-word family names, suffixes that are not at the end).
 * - East Asian script with a space (`李 华`): family name first.
 * - Otherwise the family name is the last word, with lowercase particles before it kept apart (`Ludwig van Beethoven` →
 *   particle `van`), and a trailing `Jr.`/`Sr.`/`II`–`IV` is the suffix.
 *
 * @returns undefined for a blank name.
 */
export function splitName(name: string): PersonName | undefined {
  const text = clean(name);
  if (text === '') return undefined;
  if (text.includes(',')) {
    const parts = text.split(/\s*,\s*/);
    if (parts.every((part) => part !== '') && (parts.length === 2 || parts.length === 3)) {
      const { particle, family } = particleOf(parts[0]!);
      const person = { family, given: parts.at(-1)!, ...(particle === undefined ? {} : { particle }) };
      return parts.length === 3 ? { ...person, suffix: parts[1]! } : person;
    }
    return { literal: text };
  }
  const words = text.split(' ');
  if (words.length === 1 || ORGANISATION.test(text)) return { literal: text };
  if (isEastAsian(text)) return { family: words[0]!, given: words.slice(1).join(' ') };
  let suffix: string | undefined;
  if (words.length >= 3 && SUFFIXES.has(words.at(-1)!.toLowerCase())) suffix = words.pop();
  let start = words.length - 1;
  // Particles join the family name, but at least one word stays the given name.
  while (start > 1 && /^\p{Ll}/u.test(words[start - 1]!)) start -= 1;
  const person: PersonName = { family: words.at(-1)!, given: words.slice(0, start).join(' ') };
  if (start < words.length - 1) person.particle = words.slice(start, -1).join(' ');
  if (suffix !== undefined) person.suffix = suffix;
  return person;
}

/** `van der Berg` → particle `van der`, family `Berg`: leading lowercase words of a family part. */
function particleOf(familyPart: string): { particle?: string; family: string } {
  const words = familyPart.split(' ');
  let start = 0;
  while (start < words.length - 1 && /^\p{Ll}/u.test(words[start]!)) start += 1;
  return start === 0
    ? { family: familyPart }
    : { particle: words.slice(0, start).join(' '), family: words.slice(start).join(' ') };
}

/** The family part as BibTeX and RIS write it: particle and family name together (`van Beethoven`). */
export function familyPart(name: { family: string; particle?: string }): string {
  return name.particle === undefined ? name.family : `${name.particle} ${name.family}`;
}

function sameName(a: PersonName | undefined, b: PersonName): boolean {
  if (a === undefined) return false;
  if ('literal' in a || 'literal' in b) return 'literal' in a && 'literal' in b && a.literal === b.literal;
  return a.family === b.family && a.given === b.given && a.particle === b.particle && a.suffix === b.suffix;
}

/**
 * The string a paper stores for a name read from a file with its parts: the natural order (`William T. Reynolds Jr.`,
 * `李 华` for East Asian names) when splitName reads it back to the same parts, else BibTeX's comma form (`García
 * Márquez, Gabriel`, `Reynolds, Jr., William T.`). A literal is its text. Parts are cleaned of stray white space
 * first.
 */
export function nameText(name: PersonName): string {
  if ('literal' in name) return clean(name.literal);
  const parts = {
    family: clean(name.family),
    given: clean(name.given),
    ...(name.particle && clean(name.particle) ? { particle: clean(name.particle) } : {}),
    ...(name.suffix && clean(name.suffix) ? { suffix: clean(name.suffix) } : {}),
  };
  if (parts.given === '') return familyPart(parts);
  if (parts.family === '') return parts.given;
  if (isEastAsian(`${parts.family}${parts.given}`) && parts.particle === undefined && parts.suffix === undefined) {
    const natural = `${parts.family} ${parts.given}`;
    if (sameName(splitName(natural), parts)) return natural;
  }
  const natural = [parts.given, familyPart(parts), parts.suffix].filter((part) => part !== undefined).join(' ');
  if (sameName(splitName(natural), parts)) return natural;
  const comma = [familyPart(parts), parts.suffix, parts.given].filter((part) => part !== undefined).join(', ');
  return sameName(splitName(comma), parts) ? comma : natural;
}
