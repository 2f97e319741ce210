/**
 * The sync engine end to end, in node: devices (fake-indexeddb) against a real Apache mod_dav server on loopback. The
 * faults (dropped responses, truncated uploads, stale ETags, a server ignoring conditions, killed runs) are in
 * faults.test.ts; random edits in random orders in convergence.test.ts.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deletePapers } from '../../../lib/db/library-repo.ts';
import { savePaper, setNote, setTags, unsavePaper, markSeen } from '../../../lib/db/papers-repo.ts';
import type { Source } from '../../../lib/paper/model.ts';
import { makeCandidate } from '../../support/papers.ts';
import { makeDevice, settle, syncOk, view, type Device } from '../../support/sync-devices.ts';
import { startWebDav } from '../../support/webdav-server.ts';

const FROM: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };

let server: Awaited<ReturnType<typeof startWebDav>>;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startWebDav();
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
  rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
});

function device(name: string, options: { passphrase?: string; skewMs?: number } = {}): Device {
  const made = makeDevice(name, { server, ...options });
  devices.push(made);
  return made;
}

/** Every file under the server's Dogear folder, relative to it. */
function serverFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else files.push(`${prefix}${name}`);
    }
  };
  walk(join(server.dir, 'Dogear'), 'Dogear/');
  return files.sort();
}

describe('two devices', () => {
  it('carry a save, a note, tags and an unsave both ways', async () => {
    const a = device('a');
    const b = device('b');
    await savePaper(a.db, makeCandidate('2401.00001', { title: 'Attention <img src=x onerror=alert(1)>' }), FROM);
    await setNote(a.db, 'arxiv:2401.00001', 'read §3 <b>first</b>');
    await setTags(a.db, 'arxiv:2401.00001', ['to read', 'ML']);
    await syncOk(a);
    await syncOk(b);
    const got = await b.db.papers.get('arxiv:2401.00001');
    expect(got?.title).toBe('Attention <img src=x onerror=alert(1)>');
    expect(got?.savedAt).toBeTypeOf('number');
    expect(got?.savedFrom).toEqual(FROM);
    expect(got?.note).toBe('read §3 <b>first</b>');
    expect(got?.tags).toEqual(['to read', 'ML']);

    await unsavePaper(b.db, 'arxiv:2401.00001');
    await setNote(b.db, 'arxiv:2401.00001', 'read §3 <b>first</b>, then §5');
    await setTags(b.db, 'arxiv:2401.00001', ['ML']);
    await syncOk(b);
    await syncOk(a);
    const back = await a.db.papers.get('arxiv:2401.00001');
    expect(back?.savedAt).toBeUndefined();
    expect(back?.note).toBe('read §3 <b>first</b>, then §5');
    expect(back?.tags).toEqual(['ML']);
    expect(await view(a.db)).toEqual(await view(b.db));
  });

  it('start from an empty folder: format.json, one folder per device, a local backup first', async () => {
    const a = device('a');
    await savePaper(a.db, makeCandidate('2401.00002'), FROM);
    const report = await syncOk(a);
    expect(report.pushed).toBe(1);
    const files = serverFiles();
    expect(files).toContain('Dogear/v1/format.json');
    expect(files.filter((file) => file.startsWith('Dogear/v1/dev/'))).toHaveLength(1);
    const backups = await a.db.syncBackups.toArray();
    expect(backups.map((backup) => backup.reason)).toContain('before the first sync');
    expect(backups[0]?.json).toContain('2401.00002');
    // A second run with nothing new writes nothing.
    expect((await syncOk(a)).pushed).toBe(0);
    expect(serverFiles()).toEqual(files);
  });

  it('keep both texts of a note edited on both before they sync', async () => {
    const a = device('a');
    const b = device('b');
    await savePaper(a.db, makeCandidate('2401.00003'), FROM);
    await setNote(a.db, 'arxiv:2401.00003', 'first thoughts');
    await settle([a, b]);
    await setNote(a.db, 'arxiv:2401.00003', 'A: the proof of lemma 2 is wrong');
    await setNote(b.db, 'arxiv:2401.00003', 'B: compare with 2312.01234');
    await settle([a, b]);
    expect(await view(a.db)).toEqual(await view(b.db));
    const note = (await a.db.papers.get('arxiv:2401.00003'))?.note;
    const doc = await a.db.syncDocs.get('arxiv:2401.00003');
    const conflicts = Object.values(doc?.conflicts ?? {}).map((conflict) => conflict.text);
    expect([note, ...conflicts].sort()).toEqual(['A: the proof of lemma 2 is wrong', 'B: compare with 2312.01234']);
    const other = await b.db.syncDocs.get('arxiv:2401.00003');
    expect(Object.keys(other?.conflicts ?? {})).toEqual(Object.keys(doc?.conflicts ?? {}));
  });

  it('delete on one device, and a later save brings the paper back', async () => {
    const a = device('a');
    const b = device('b');
    await savePaper(a.db, makeCandidate('2401.00004'), FROM);
    await settle([a, b]);
    await deletePapers(b.db, ['arxiv:2401.00004']);
    await settle([a, b]);
    expect(await a.db.papers.get('arxiv:2401.00004')).toBeUndefined();
    await savePaper(a.db, makeCandidate('2401.00004'), FROM);
    await settle([a, b]);
    expect((await b.db.papers.get('arxiv:2401.00004'))?.savedAt).toBeTypeOf('number');
  });

  it('carry sightings (a mark seen) and their deletion', async () => {
    const a = device('a');
    const b = device('b');
    await markSeen(a.db, [makeCandidate('2401.00005')], FROM, 'mark-1');
    await settle([a, b]);
    expect((await b.db.sightings.toArray()).map((sighting) => sighting.paperKey)).toEqual(['arxiv:2401.00005']);
    expect((await b.db.papers.get('arxiv:2401.00005'))?.firstSeenAt).toBeTypeOf('number');
    expect(await view(a.db)).toEqual(await view(b.db));
  });
});

describe('the server folder', () => {
  it('is never taken for an empty library when it disappears', async () => {
    const a = device('a');
    await savePaper(a.db, makeCandidate('2401.00006'), FROM);
    await syncOk(a);
    rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
    const outcome = await a.sync();
    expect(outcome).toMatchObject({ ok: false, error: 'remote-missing' });
    expect(await a.db.papers.count()).toBe(1);
  });

  it('is encrypted with a passphrase: no title on the server, a wrong passphrase is refused', async () => {
    const a = device('a', { passphrase: 'correct horse battery staple' });
    await savePaper(a.db, makeCandidate('2401.00007', { title: 'A very secret title' }), FROM);
    await setNote(a.db, 'arxiv:2401.00007', 'my private note');
    await syncOk(a);
    for (const file of serverFiles()) {
      const bytes = readFileSync(join(server.dir, file));
      expect(bytes.includes(Buffer.from('secret'))).toBe(false);
    }
    const wrong = device('wrong', { passphrase: 'Tr0ub4dor&3' });
    expect(await wrong.sync()).toMatchObject({ ok: false, error: 'wrong-passphrase' });
    const none = device('none');
    expect(await none.sync()).toMatchObject({ ok: false, error: 'needs-passphrase' });
    const right = device('right', { passphrase: 'correct horse battery staple' });
    await syncOk(right);
    expect((await right.db.papers.get('arxiv:2401.00007'))?.note).toBe('my private note');
  });

  it('asks before applying a change that deletes many papers, and backs up when told to go on', async () => {
    const a = device('a');
    const b = device('b');
    for (let index = 10; index < 20; index++) await savePaper(a.db, makeCandidate(`2401.000${index}`), FROM);
    await settle([a, b]);
    await deletePapers(b.db, ['arxiv:2401.00010', 'arxiv:2401.00011', 'arxiv:2401.00012']);
    await unsavePaper(b.db, 'arxiv:2401.00013');
    await unsavePaper(b.db, 'arxiv:2401.00014');
    await syncOk(b);
    const asked = await a.sync();
    expect(asked).toMatchObject({
      ok: false,
      error: 'needs-confirmation',
      confirmation: { deletions: 5, library: 10 },
    });
    expect(await a.db.papers.count()).toBe(10);
    await syncOk(a, { confirmDeletions: true });
    expect(await a.db.papers.count()).toBe(7);
    const reasons = (await a.db.syncBackups.toArray()).map((backup) => backup.reason);
    expect(reasons.some((reason) => reason.includes('5 papers'))).toBe(true);
  });

  it('compacts change files into a snapshot that a new device reads', async () => {
    const a = device('a');
    const b = device('b');
    for (let index = 0; index < 6; index++) {
      await savePaper(a.db, makeCandidate(`2402.0001${index}`), FROM);
      await syncOk(a);
      await savePaper(b.db, makeCandidate(`2403.0001${index}`), FROM);
      await syncOk(b);
    }
    const before = serverFiles().filter((file) => file.startsWith('Dogear/v1/dev/'));
    expect(before).toHaveLength(12);
    await syncOk(a, { compactAfter: 4 });
    let files = serverFiles();
    expect(files).toContain('Dogear/v1/HEAD.json');
    expect(files.filter((file) => file.startsWith('Dogear/v1/snap/'))).toHaveLength(1);
    // Nothing is deleted by the run that wrote the snapshot; the next run of any device removes what it covers.
    expect(files.filter((file) => file.startsWith('Dogear/v1/dev/'))).toEqual(before);
    await syncOk(b);
    files = serverFiles();
    expect(files.filter((file) => file.startsWith('Dogear/v1/dev/'))).toEqual([]);
    const c = device('c');
    await syncOk(c);
    await settle([a, b, c]);
    expect(await c.db.papers.count()).toBe(12);
    expect(await view(c.db)).toEqual(await view(a.db));
    expect(await view(b.db)).toEqual(await view(a.db));
  });

  it('lets a device whose clock is an hour behind still win with a later edit', async () => {
    const a = device('a');
    const slow = device('slow', { skewMs: -3_600_000 });
    await savePaper(a.db, makeCandidate('2401.00008'), FROM);
    await setNote(a.db, 'arxiv:2401.00008', 'from a');
    await settle([a, slow]);
    await setNote(slow.db, 'arxiv:2401.00008', 'from a, then the slow device');
    await settle([a, slow]);
    expect((await a.db.papers.get('arxiv:2401.00008'))?.note).toBe('from a, then the slow device');
  });
});
