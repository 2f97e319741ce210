/**
 * Optional end-to-end encryption of the sync files: a key derived from the user's passphrase (PBKDF2-SHA256, random
 * salt kept in format.json) and AES-GCM-256 per file. The server sees sizes and times, never titles or notes.
 *
 * `crypto` is always a parameter: the MV3 worker passes `globalThis.crypto`, tests pass node's webcrypto, and the pure
 * core never reaches for a global it cannot be sure of.
 */

/** OWASP's 2023 Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
/**
 * The range a format.json may ask for: below it the key is weak, above it a hostile or broken file would hold the
 * worker in key derivation for minutes.
 */
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;

/** The known text whose encryption (`check`) tells a right passphrase from a wrong one before any file is read. */
export const CHECK_TEXT = 'dogear-sync-check';

/** The first bytes of every encrypted file: the envelope's name and version. A gzip file starts 1f 8b instead. */
export const MAGIC = new Uint8Array([0x44, 0x47, 0x45, 0x31]); // 'DGE1'
const IV_BYTES = 12;
const SALT_BYTES = 16;
/** GCM's tag: a ciphertext shorter than it cannot be one. */
const TAG_BYTES = 16;

export interface Encryption {
  cipher: 'AES-GCM-256';
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  /** base64 */
  salt: string;
  /** base64 of the sealed CHECK_TEXT */
  check: string;
}

const encoder = new TextEncoder();

/**
 * The passphrase as bytes, NFC-normalized: the same passphrase typed on another keyboard or system (composed or
 * decomposed accents) gives the same key.
 */
function passphraseBytes(passphrase: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(passphrase.normalize('NFC'));
}

async function deriveKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  crypto: Crypto,
): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', passphraseBytes(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt, iterations, hash: 'SHA-256' },
    base,
    { name: 'AES-GCM', length: 256 },
    // Not extractable: a compromised page script holding the key object still cannot read the key out of it.
    false,
    ['encrypt', 'decrypt'],
  );
}

/** A new library's encryption: a random salt, the key, and the check text sealed with it. */
export async function newEncryption(
  passphrase: string,
  crypto: Crypto,
): Promise<{ encryption: Encryption; key: CryptoKey }> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS, crypto);
  const check = await seal(encoder.encode(CHECK_TEXT), key, crypto);
  const encryption: Encryption = {
    cipher: 'AES-GCM-256',
    kdf: 'PBKDF2-SHA256',
    iterations: PBKDF2_ITERATIONS,
    salt: toBase64(salt),
    check: toBase64(check),
  };
  return { encryption, key };
}

/** The key for an existing library, or 'wrong-passphrase' when it does not open the check text. */
export async function unlock(
  encryption: Encryption,
  passphrase: string,
  crypto: Crypto,
): Promise<CryptoKey | 'wrong-passphrase'> {
  const salt = fromBase64(encryption.salt);
  const check = fromBase64(encryption.check);
  if (salt === undefined || check === undefined) return 'wrong-passphrase';
  if (encryption.iterations < MIN_ITERATIONS || encryption.iterations > MAX_ITERATIONS) return 'wrong-passphrase';
  const key = await deriveKey(passphrase, salt, encryption.iterations, crypto);
  const opened = await open(check, key, crypto);
  if (opened === undefined) return 'wrong-passphrase';
  return new TextDecoder().decode(opened) === CHECK_TEXT ? key : 'wrong-passphrase';
}

/** Whether bytes are an encrypted envelope (they start with MAGIC). */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((byte, index) => bytes[index] === byte);
}

/**
 * Encrypts: MAGIC + a random 12-byte iv + AES-GCM ciphertext (with its tag). The magic is authenticated data, so an
 * envelope cannot be relabelled. A random iv per file is safe far beyond the number of files a library will ever have
 * (NIST SP 800-38D's limit of 2^32 encryptions per key).
 */
export async function seal(plain: Uint8Array, key: CryptoKey, crypto: Crypto): Promise<Uint8Array<ArrayBuffer>> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: MAGIC }, key, asBuffer(plain)),
  );
  const out = new Uint8Array(MAGIC.length + IV_BYTES + cipher.length);
  out.set(MAGIC, 0);
  out.set(iv, MAGIC.length);
  out.set(cipher, MAGIC.length + IV_BYTES);
  return out;
}

/** Decrypts an envelope made by `seal`, or undefined when it is not one, was damaged, or was sealed with another key. */
export async function open(
  sealed: Uint8Array,
  key: CryptoKey,
  crypto: Crypto,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!isSealed(sealed) || sealed.length < MAGIC.length + IV_BYTES + TAG_BYTES) return undefined;
  const iv = sealed.slice(MAGIC.length, MAGIC.length + IV_BYTES);
  const cipher = sealed.slice(MAGIC.length + IV_BYTES);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: MAGIC }, key, cipher));
  } catch {
    // OperationError: the tag did not verify (wrong key or changed bytes); webcrypto does not say which.
    return undefined;
  }
}

/** The full sha256 of bytes, as 64 lowercase hex digits. */
export async function sha256Hex(bytes: Uint8Array, crypto: Crypto): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', asBuffer(bytes)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** webcrypto takes an ArrayBuffer-backed view; a view over a SharedArrayBuffer (or a typed subclass) is copied. */
function asBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((char, index) => [char, index]));

/** Standard base64 with padding (RFC 4648 §4). Written here so the pure core needs neither btoa nor Buffer. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index]!;
    const b = bytes[index + 1];
    const c = bytes[index + 2];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  return out;
}

/** The bytes of a padded base64 string, or undefined when it is not one (a damaged or hand-edited format.json). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let index = 0; index < text.length; index += 4) {
    const quad = [0, 1, 2, 3].map((offset) => VALUES.get(text[index + offset]!) ?? 0);
    const bits = (quad[0]! << 18) | (quad[1]! << 12) | (quad[2]! << 6) | quad[3]!;
    for (const shift of [16, 8, 0]) if (at < out.length) out[at++] = (bits >> shift) & 255;
  }
  // Non-canonical input (stray bits in the last quad) would decode the same as canonical: refuse it, so one value has
  // one spelling.
  return toBase64(out) === text ? out : undefined;
}
