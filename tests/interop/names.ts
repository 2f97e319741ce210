/**
 * What a consumer's reading of a name must start with, from Dogear's own reading of the stored name
 * (lib/paper/names.ts): the family name with its particle for a person, the whole name for an organisation.
 */
import { withoutInvisibles } from '../../lib/formats/common/text.ts';
import { familyPart, splitName } from '../../lib/paper/names.ts';

/**
 * The accepted starts of the name in `Family, Given` order (with or without its particle: styles differ on where `van`
 * goes); undefined for a name Dogear cannot split.
 */
export function sortedNameStarts(author: string): string[] | undefined {
  // Every writer drops bidi and zero-width controls first (lib/formats/common/text.ts).
  const parts = splitName(withoutInvisibles(author));
  if (parts === undefined) return undefined;
  return 'literal' in parts ? [parts.literal] : [familyPart(parts), parts.family];
}

/** Letters only, lowercased and without accents: names compared across TeX escapes and typography. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
}

/** Whether the consumer's `Family, Given` name starts with the family part Dogear holds for `author`. */
export function nameReadAs(author: string, read: string): boolean {
  const starts = sortedNameStarts(author);
  if (starts === undefined) return true;
  return starts.some((start) => fold(read).startsWith(fold(start)));
}

/**
 * One message per author `read` does not give as Dogear holds it (`author 2 "…" <verb> "…"`), or one message for them
 * all when more than three are wrong (a 300-author paper must not flood the report).
 */
export function misreadNames(
  authors: readonly string[],
  read: readonly string[],
  verb: string,
  readsAs: (author: string, read: string) => boolean = nameReadAs,
): string[] {
  const wrong = authors.flatMap((author, index) =>
    readsAs(author, read[index] ?? '') ? [] : [`author ${index + 1} "${author}" ${verb} "${read[index]}"`],
  );
  return wrong.length <= 3 ? wrong : [`${wrong.length} authors misread: ${wrong.slice(0, 3).join('; ')}; …`];
}
