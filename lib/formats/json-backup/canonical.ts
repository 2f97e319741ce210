/**
 * Canonical JSON, what the backup's checksum is computed over: object keys sorted by UTF-16 code unit, no whitespace,
 * strings and numbers as `JSON.stringify` writes them (the RFC 8785 JCS shape).
 */

/** `sha256:<hex>` of `text`'s UTF-8 bytes. Asynchronous because Web Crypto is. */
export async function sha256Of(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `sha256:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * JSON with object keys sorted and no whitespace. Undefined object members are left out and undefined array items
 * written as `null`, as `JSON.stringify` does, so the hash of what `toBackup` writes equals the hash of what it reads.
 *
 * One `JSON.stringify` call with the sorted list of every key in `value` as its replacer: the list sets both which
 * members are written and their order, for objects at any depth. Native serialisation beats a recursive writer by far
 * at 100k records (`npm run bench:library`). (Objects with `toJSON`, such as Dates, are written as JSON.stringify
 * writes them; backups hold none.)
 */
export function canonicalJson(value: unknown): string {
  // A tree whose objects already list their keys in sorted order (a backup this module wrote, read back) is written
  // in canonical form by JSON.stringify's fast path as it is.
  if (inSortedOrder(value)) return JSON.stringify(value) ?? 'null';
  const keys = sortedKeysOf(value);
  // With `__proto__` in the list, JSON.stringify would read the inherited Object.prototype of every object lacking
  // that key as its own: only a hostile file has one, and it takes the recursive writer.
  if (keys.includes('__proto__')) return recursiveCanonicalJson(value);
  return JSON.stringify(value, keys) ?? 'null';
}

/**
 * A writer of the canonical JSON of each record in `tree` (its objects at any depth), for writing many records with one
 * key list: `toBackup` writes each record once and uses the text both as the file's line and in the checksum.
 */
export function canonicalWriterFor(tree: unknown): (record: unknown) => string {
  const keys = sortedKeysOf(tree);
  // A damaged record with a `__proto__` field is still written (canonicalJson explains the fallback).
  return keys.includes('__proto__') ? recursiveCanonicalJson : (record) => JSON.stringify(record, keys);
}

function recursiveCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => recursiveCanonicalJson(item ?? null)).join(',')}]`;
  if (isRecord(value)) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${recursiveCanonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether every object in `value` has its own keys in UTF-16 code unit order (and no inherited enumerable ones). */
function inSortedOrder(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null && !inSortedOrder(item)) return false;
    return true;
  }
  if (!isRecord(value)) return true;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  let previous: string | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    const child = value[key];
    if (typeof child === 'object' && child !== null && !inSortedOrder(child)) return false;
  }
  return true;
}

/** Every object key at any depth of `value`, sorted by UTF-16 code unit. */
function sortedKeysOf(value: unknown): string[] {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) visit(item);
    } else if (isRecord(node)) {
      for (const key in node) {
        if (!Object.hasOwn(node, key)) continue;
        keys.add(key);
        const child = node[key];
        if (typeof child === 'object' && child !== null) visit(child);
      }
    }
  };
  visit(value);
  return [...keys].sort();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
