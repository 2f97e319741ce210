/**
 * The sync folder's files (lib/sync/files.ts) and their encryption (lib/sync/crypto.ts), with node's webcrypto as the
 * worker's stand-in.
 */
import { gzipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../../lib/paper/model.ts';
import { fromBase64, newEncryption, PBKDF2_ITERATIONS, sha256Hex, toBase64, unlock } from '../../../lib/sync/crypto.ts';
import type { PaperDoc } from '../../../lib/sync/doc.ts';
import { stampLocal } from '../../../lib/sync/doc.ts';
import {
  type Batch,
  batchPath,
  decodeBatch,
  decodeSnapshot,
  DEVICES_PATH,
  encodeFile,
  encodeFormat,
  encodeHead,
  type FormatFile,
  fromRoot,
  type Head,
  parseBatchPath,
  parseFormat,
  parseHead,
  parseSnapshotPath,
  relativeToRoot,
  type Snapshot,
  snapshotPath,
} from '../../../lib/sync/files.ts';
import { formatHlc, newClock } from '../../../lib/sync/hlc.ts';
import { CREATED, makePaper } from '../../support/papers.ts';

const crypto = globalThis.crypto as Crypto;
const DEVICE = 'devicea1';
const NOW = Date.UTC(2026, 11, 6);

function docsOf(papers: Paper[]): PaperDoc[] {
  const clock = newClock(DEVICE);
  return papers.map((paper) => stampLocal(undefined, paper, clock, NOW).delta!);
}

function batchOf(papers: Paper[], seq = 1): Batch {
  return {
    v: 1,
    device: DEVICE,
    seq,
    docs: docsOf(papers),
    sightings: {
      add: [{ id: 's1', paperKey: papers[0]!.key, site: 'arxiv', url: 'https://arxiv.org/list/cs.LG/new', at: NOW }],
      del: ['s0'],
    },
  };
}

const HOSTILE = '<img src=x onerror=alert(1)> "quotes" \u202Eevil\u202C \u0000 \uD83D\uDE00 </script>';

/** A valid gzip of anything, so the checks after the gzip layer are what a test reaches. */
const gz = (value: unknown): Uint8Array => gzipSync(strToU8(typeof value === 'string' ? value : JSON.stringify(value)));

function reasonOf(decoded: { ok: true } | { ok: false; reason: string }): string {
  expect(decoded.ok).toBe(false);
  return decoded.ok ? '' : decoded.reason;
}

let passphraseKey: CryptoKey;
let encryption: FormatFile['encryption'];

beforeAll(async () => {
  // One real 600,000-iteration derivation, shared by the tests that need a key.
  ({ encryption, key: passphraseKey } = await newEncryption('correct horse battery staple', crypto));
});

describe('encodeFile / decodeBatch', () => {
  const batch = batchOf([makePaper('2401.00001', { title: HOSTILE, note: HOSTILE, tags: [HOSTILE.slice(0, 50)] })]);

  it('round-trips a plain batch, named by the sha256 of its stored bytes', async () => {
    const { bytes, hash } = await encodeFile(batch, undefined, crypto);
    expect(hash).toBe(await sha256Hex(bytes, crypto));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const path = batchPath(DEVICE, 1, hash);
    expect(path).toBe(`Dogear/v1/dev/${DEVICE}/0000000001-${hash.slice(0, 16)}.json.gz`);
    const decoded = await decodeBatch(bytes, parseBatchPath(path)!.hash16, undefined, crypto);
    expect(decoded).toEqual({ ok: true, value: batch });
  });

  it('keeps hostile strings byte for byte', async () => {
    const { bytes, hash } = await encodeFile(batch, undefined, crypto);
    const decoded = await decodeBatch(bytes, hash.slice(0, 16), undefined, crypto);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.docs[0]!.r!.title!.v).toBe(HOSTILE);
    expect(decoded.value.docs[0]!.note!.v).toBe(HOSTILE);
  });

  it('writes the same bytes for the same content (no time in the gzip header)', async () => {
    const a = await encodeFile(batch, undefined, crypto);
    const b = await encodeFile(structuredClone(batch), undefined, crypto);
    expect(a.hash).toBe(b.hash);
  });

  it('round-trips an encrypted batch; the stored bytes hold no plain text', async () => {
    const { bytes, hash } = await encodeFile(batch, passphraseKey, crypto);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('DGE1');
    expect(hash).toBe(await sha256Hex(bytes, crypto));
    const decoded = await decodeBatch(bytes, hash.slice(0, 16), passphraseKey, crypto);
    expect(decoded).toEqual({ ok: true, value: batch });
    // Two encryptions of one content differ (a fresh iv each time).
    expect((await encodeFile(batch, passphraseKey, crypto)).hash).not.toBe(hash);
  });

  it('refuses a flipped byte, naming the hash', async () => {
    const { bytes, hash } = await encodeFile(batch, undefined, crypto);
    const flipped = bytes.slice();
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    expect(reasonOf(await decodeBatch(flipped, hash.slice(0, 16), undefined, crypto))).toMatch(/hash mismatch/);
  });

  it('catches a flipped byte without a hash too: the gzip checksum or the GCM tag', async () => {
    const plain = await encodeFile(batch, undefined, crypto);
    const flipped = plain.bytes.slice();
    flipped[flipped.length - 6]! ^= 0x01; // inside the CRC-32 of the trailer
    expect(reasonOf(await decodeBatch(flipped, undefined, undefined, crypto))).toMatch(/checksum/);
    const sealed = await encodeFile(batch, passphraseKey, crypto);
    const changed = sealed.bytes.slice();
    changed[20]! ^= 0x01;
    expect(reasonOf(await decodeBatch(changed, undefined, passphraseKey, crypto))).toMatch(/cannot decrypt/);
  });

  it('refuses a truncated file, with or without its hash', async () => {
    const { bytes, hash } = await encodeFile(batchOf([makePaper('2401.00002')]), undefined, crypto);
    for (const cut of [bytes.length - 1, bytes.length - 9, Math.floor(bytes.length / 2), 10, 0]) {
      const truncated = bytes.subarray(0, cut);
      expect(reasonOf(await decodeBatch(truncated, hash.slice(0, 16), undefined, crypto))).toMatch(/hash/);
      expect(reasonOf(await decodeBatch(truncated, undefined, undefined, crypto))).toMatch(/gzip/);
    }
  });

  it('says why when a plain file is read with a key, or an encrypted one without', async () => {
    const plain = await encodeFile(batch, undefined, crypto);
    expect(reasonOf(await decodeBatch(plain.bytes, undefined, passphraseKey, crypto))).toBe(
      'the file is not encrypted, but this library is',
    );
    const sealed = await encodeFile(batch, passphraseKey, crypto);
    expect(reasonOf(await decodeBatch(sealed.bytes, undefined, undefined, crypto))).toBe(
      'the file is encrypted, but no passphrase is set for this library',
    );
  });

  it('refuses a file sealed with another passphrase', async () => {
    const other = await newEncryption('another passphrase', crypto);
    const sealed = await encodeFile(batch, other.key, crypto);
    expect(reasonOf(await decodeBatch(sealed.bytes, undefined, passphraseKey, crypto))).toMatch(/cannot decrypt/);
  });

  it('refuses a gzip of bad JSON, of not UTF-8, of the wrong shape, and of a newer version', async () => {
    expect(reasonOf(await decodeBatch(gz('{"v":1,'), undefined, undefined, crypto))).toMatch(/^not JSON/);
    expect(
      reasonOf(await decodeBatch(gzipSync(new Uint8Array([0x22, 0xff, 0x22])), undefined, undefined, crypto)),
    ).toBe('not UTF-8 text');
    expect(reasonOf(await decodeBatch(gz([1, 2]), undefined, undefined, crypto))).toMatch(/^wrong shape/);
    const { docs: _docs, ...noDocs } = batch;
    expect(reasonOf(await decodeBatch(gz(noDocs), undefined, undefined, crypto))).toMatch(/^wrong shape: docs/);
    expect(reasonOf(await decodeBatch(gz({ ...batch, extra: 1 }), undefined, undefined, crypto))).toMatch(
      /^wrong shape/,
    );
    expect(reasonOf(await decodeBatch(gz({ ...batch, device: 'NOT OK' }), undefined, undefined, crypto))).toMatch(
      /^wrong shape: device/,
    );
    expect(reasonOf(await decodeBatch(gz({ ...batch, v: 2 }), undefined, undefined, crypto))).toMatch(
      /made by a newer Dogear/,
    );
    expect(reasonOf(await decodeBatch(strToU8('{"v":1}'), undefined, undefined, crypto))).toBe('not a gzip file');
  });

  it('refuses the whole file for one bad doc, saying which', async () => {
    const good = batch.docs[0]!;
    const longTitle = { ...good, r: { ...good.r, title: { v: 'x'.repeat(3000), t: good.r!.title!.t } } };
    const reason = reasonOf(await decodeBatch(gz({ ...batch, docs: [good, longTitle] }), undefined, undefined, crypto));
    expect(reason).toBe(`bad doc 1: ${good.key}: bad title`);
    for (const key of ['arxiv:2401.00001v2', 'ARXIV:2401.00001', 'nonsense']) {
      const bad = { ...batch, docs: [{ ...good, key }] };
      expect(reasonOf(await decodeBatch(gz(bad), undefined, undefined, crypto))).toMatch(/^bad doc 0: /);
    }
    const badStamp = { ...good, del: 'yesterday' };
    expect(reasonOf(await decodeBatch(gz({ ...batch, docs: [badStamp] }), undefined, undefined, crypto))).toMatch(
      /^bad doc 0: /,
    );
    const badSighting = {
      ...batch,
      sightings: { add: [{ ...batch.sightings.add[0], url: 'javascript:alert(1)' }], del: [] },
    };
    expect(reasonOf(await decodeBatch(gz(badSighting), undefined, undefined, crypto))).toMatch(
      /^wrong shape: sightings\.add\.0\.url/,
    );
  });

  it('refuses to write a file readers would refuse', async () => {
    const good = batch.docs[0]!;
    const bad: Batch = { ...batch, docs: [{ ...good, r: { title: { v: '', t: good.r!.title!.t } } }] };
    await expect(encodeFile(bad, undefined, crypto)).rejects.toThrow(/bad title/);
  });

  it('treats a gzip bomb as a damaged file, not a crash', { timeout: 60_000 }, async () => {
    // 300 gzip members of 1 MiB of zeros each (gzip allows members to follow one another): 300 MiB from ~300 KB. The
    // reader stops at 256 MiB.
    const member = gzipSync(new Uint8Array(1024 * 1024), { level: 9 });
    const bomb = new Uint8Array(member.length * 300);
    for (let index = 0; index < 300; index++) bomb.set(member, index * member.length);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(reasonOf(await decodeBatch(bomb, undefined, undefined, crypto))).toBe(
      `unpacks to more than ${256 * 1024 * 1024} bytes`,
    );
  });
});

describe('decodeSnapshot', () => {
  it('round-trips, checked against the full hash from HEAD', async () => {
    const snapshot: Snapshot = {
      v: 1,
      at: formatHlc(NOW, 3, DEVICE),
      docs: docsOf([makePaper('2401.00003')]),
      sightings: { add: [], del: [] },
    };
    const { bytes, hash } = await encodeFile(snapshot, passphraseKey, crypto);
    expect(await decodeSnapshot(bytes, hash, passphraseKey, crypto)).toEqual({ ok: true, value: snapshot });
    const wrong = `${hash.slice(0, 63)}${hash.endsWith('0') ? '1' : '0'}`;
    expect(reasonOf(await decodeSnapshot(bytes, wrong, passphraseKey, crypto))).toMatch(/hash mismatch/);
    // A batch is not a snapshot.
    const batch = await encodeFile(batchOf([makePaper('2401.00003')]), undefined, crypto);
    expect(reasonOf(await decodeSnapshot(batch.bytes, batch.hash, undefined, crypto))).toMatch(/^wrong shape/);
  });
});

describe('crypto', () => {
  it('derives a non-extractable AES-GCM key with the OWASP iteration count, and unlocks with the passphrase', async () => {
    expect(encryption).toMatchObject({ cipher: 'AES-GCM-256', kdf: 'PBKDF2-SHA256', iterations: 600_000 });
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    expect(fromBase64(encryption!.salt)).toHaveLength(16);
    expect(passphraseKey.extractable).toBe(false);
    const key = await unlock(encryption!, 'correct horse battery staple', crypto);
    expect(key).not.toBe('wrong-passphrase');
    // The unlocked key reads what the first one wrote.
    const { bytes } = await encodeFile(batchOf([makePaper('2401.00004')]), passphraseKey, crypto);
    expect((await decodeBatch(bytes, undefined, key as CryptoKey, crypto)).ok).toBe(true);
  });

  it('says wrong-passphrase for a wrong passphrase or a damaged check', async () => {
    expect(await unlock(encryption!, 'correct horse battery stapler', crypto)).toBe('wrong-passphrase');
    expect(await unlock({ ...encryption!, check: 'AAAA' }, 'correct horse battery staple', crypto)).toBe(
      'wrong-passphrase',
    );
  });

  it('writes and reads base64 like the standard does', () => {
    const bytes = new Uint8Array(256).map((_, index) => index);
    for (let length = 0; length <= 10; length++) {
      const slice = bytes.subarray(250 - length, 250);
      expect(toBase64(slice)).toBe(Buffer.from(slice).toString('base64'));
      expect(fromBase64(toBase64(slice))).toEqual(new Uint8Array(slice));
    }
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    for (const bad of ['A', 'AB=C', 'A===', 'QQ=', '****', 'QR==']) expect(fromBase64(bad)).toBeUndefined();
  });
});

describe('format.json and HEAD.json', () => {
  const format: FormatFile = {
    format: 'dogear-sync',
    version: 1,
    library: '0b7e4a52-5d3c-4c8e-9a1f-3e2d1c0b9a87',
    createdAt: NOW,
  };

  it('round-trips format.json, plain and with encryption', () => {
    expect(parseFormat(encodeFormat(format))).toEqual({ ok: true, value: format });
    const encrypted = { ...format, encryption: encryption! };
    expect(parseFormat(encodeFormat(encrypted))).toEqual({ ok: true, value: encrypted });
  });

  it('tells a newer Dogear’s folder and a stranger’s file apart from a damaged one', () => {
    const json = (value: unknown) => strToU8(JSON.stringify(value));
    expect(reasonOf(parseFormat(json({ ...format, version: 2 })))).toMatch(/made by a newer Dogear/);
    expect(reasonOf(parseFormat(json({ format: 'floccus' })))).toBe('not a Dogear sync folder');
    expect(reasonOf(parseFormat(strToU8('{')))).toMatch(/^not JSON/);
    expect(reasonOf(parseFormat(json({ ...format, version: 0 })))).toMatch(/^wrong shape: version/);
    expect(reasonOf(parseFormat(json({ ...format, library: 'x' })))).toMatch(/^wrong shape: library/);
    // A hostile server cannot make the worker derive a key for hours.
    const slow = { ...format, encryption: { ...encryption!, iterations: 1e12 } };
    expect(reasonOf(parseFormat(json(slow)))).toMatch(/^wrong shape: encryption\.iterations/);
    const noSalt = { ...format, encryption: { ...encryption!, salt: 'AAAA' } };
    expect(reasonOf(parseFormat(json(noSalt)))).toMatch(/^wrong shape: encryption\.salt/);
    expect(() => encodeFormat({ ...format, library: 'x' })).toThrow();
  });

  it('round-trips HEAD.json and checks the snapshot name against the hash', async () => {
    const at = formatHlc(NOW, 0, DEVICE);
    const hash = await sha256Hex(strToU8('snapshot'), crypto);
    const covers = [batchPath(DEVICE, 1, hash), batchPath('deviceb2', 7, hash)].map((path) => relativeToRoot(path)!);
    const head: Head = { snapshot: relativeToRoot(snapshotPath(at, hash))!, hash, at, covers };
    expect(head.snapshot).toBe(`snap/${at}-${hash.slice(0, 16)}.json.gz`);
    expect(parseHead(encodeHead(head))).toEqual({ ok: true, value: head });
    const other = await sha256Hex(strToU8('other'), crypto);
    const json = (value: unknown) => strToU8(JSON.stringify(value));
    expect(reasonOf(parseHead(json({ ...head, hash: other })))).toMatch(/does not match the snapshot's name/);
    expect(reasonOf(parseHead(json({ ...head, covers: ['../../etc/passwd'] })))).toMatch(/^wrong shape: covers\.0/);
    expect(reasonOf(parseHead(json({ ...head, snapshot: fromRoot(head.snapshot) })))).toMatch(/^wrong shape: snapshot/);
  });
});

describe('paths', () => {
  const hash = 'a'.repeat(64);

  it('round-trips batch and snapshot paths', () => {
    for (const seq of [0, 1, 42, 9_999_999_999]) {
      const path = batchPath(DEVICE, seq, hash);
      expect(path.startsWith(DEVICES_PATH)).toBe(true);
      expect(parseBatchPath(path)).toEqual({ device: DEVICE, seq, hash16: 'a'.repeat(16) });
    }
    const at = formatHlc(NOW, 0xbeef, DEVICE);
    expect(parseSnapshotPath(snapshotPath(at, hash))).toEqual({ at, hash16: 'a'.repeat(16) });
    expect(fromRoot(relativeToRoot(batchPath(DEVICE, 5, hash))!)).toBe(batchPath(DEVICE, 5, hash));
  });

  it('rejects odd names', () => {
    const good = batchPath(DEVICE, 3, hash);
    for (const odd of [
      good.replace('.json.gz', '.json'),
      good.replace('0000000003', '3'),
      good.replace('0000000003', '00000000003'),
      good.replace('a'.repeat(16), 'A'.repeat(16)),
      good.replace('a'.repeat(16), 'a'.repeat(15)),
      good.replace(DEVICE, 'DEVICEA1'),
      good.replace(DEVICE, `${DEVICE}/../x`),
      good.replace('Dogear/v1/', 'Dogear/v2/'),
      good.replace('Dogear/v1/', ''),
      `/${good}`,
      `${good} (1)`,
      `${good}.lock`,
      'Dogear/v1/dev/devicea1/0000000003-aaaaaaaaaaaaaaaa (conflict).json.gz',
    ]) {
      expect(parseBatchPath(odd), odd).toBeUndefined();
    }
    expect(parseSnapshotPath(good)).toBeUndefined();
    expect(parseBatchPath(snapshotPath(formatHlc(NOW, 0, DEVICE), hash))).toBeUndefined();
    expect(() => batchPath('Bad Device', 1, hash)).toThrow();
    expect(() => batchPath(DEVICE, -1, hash)).toThrow();
    expect(() => batchPath(DEVICE, 1.5, hash)).toThrow();
    expect(() => batchPath(DEVICE, 10_000_000_000, hash)).toThrow();
    expect(() => batchPath(DEVICE, 1, 'xyz')).toThrow();
  });
});

describe('a batch of 10,000 papers', () => {
  it('encodes and decodes in measured time and size', { timeout: 120_000 }, async () => {
    // Abstracts of ~1,100 characters in varied words, so gzip meets text like a real library's, not one repeated line.
    const words = 'we study learning models data method results show network training graph quantum optimal bound'
      .concat(' algorithm theory empirical sparse robust kernel language vision agents reward sample efficient')
      .split(' ');
    let seed = 1;
    const word = (): string => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return words[seed % words.length]!;
    };
    const abstractOf = (): string => Array.from({ length: 140 }, word).join(' ').slice(0, 1100);
    const papers = Array.from({ length: 10_000 }, (_, index) => {
      const id = `2401.${String(index + 1).padStart(5, '0')}`;
      return makePaper(id, {
        title: `On the convergence of method ${index} for structured prediction in large models`,
        authors: Array.from({ length: 1 + (index % 8) }, (__, author) => `Author ${author} Surname${index % 97}`),
        abstract: abstractOf(),
        primaryCategory: 'cs.LG',
        subjects: ['cs.LG', 'cs.AI', 'stat.ML'].slice(0, 1 + (index % 3)),
        published: '2024-01-15',
        firstSeenAt: CREATED + index,
        lastSeenAt: CREATED + index * 2,
        ...(index % 10 === 0
          ? { savedAt: CREATED + index, savedFrom: { site: 'arxiv', url: 'https://arxiv.org/list/cs.LG/new' } }
          : {}),
        ...(index % 20 === 0
          ? { note: `Read section ${index % 7}; compare with baseline.`, tags: ['to-read', 'ml'] }
          : {}),
      });
    });
    const batch: Batch = { v: 1, device: DEVICE, seq: 1, docs: docsOf(papers), sightings: { add: [], del: [] } };
    const json = JSON.stringify(batch).length;

    const results: Record<string, string | number> = { docs: batch.docs.length, jsonBytes: json };
    for (const [label, key] of [
      ['plain', undefined],
      ['encrypted', passphraseKey],
    ] as const) {
      const startEncode = performance.now();
      const { bytes, hash } = await encodeFile(batch, key, crypto);
      const encodeMs = performance.now() - startEncode;
      const startDecode = performance.now();
      const decoded = await decodeBatch(bytes, hash.slice(0, 16), key, crypto);
      const decodeMs = performance.now() - startDecode;
      expect(decoded.ok).toBe(true);
      if (decoded.ok) expect(decoded.value.docs).toHaveLength(10_000);
      results[`${label}Bytes`] = bytes.length;
      results[`${label}EncodeMs`] = Math.round(encodeMs);
      results[`${label}DecodeMs`] = Math.round(decodeMs);
    }
    console.log('sync files, 10,000 docs:', JSON.stringify(results));
    expect(results.plainBytes).toBeLessThan(json);
  });
});
