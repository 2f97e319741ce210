/**
 * The sync's convergence property, against the real Apache mod_dav server of tests/support/webdav-server.ts: random
 * edits (save, unsave, note, tags, delete, mark seen) on three devices over three papers, synced in random orders (one
 * device, or several at once) with random compaction, then every device settles. Afterwards every device holds the same
 * library (`view`: every field and sighting), the same open note conflicts, and no note text ever written is lost: each
 * is the paper's note, inside it, or one of its conflicts, unless the device that wrote it later replaced it there (the
 * user saw it and wrote another) or deleted its paper there.
 *
 * Runs: SYNC_RUNS (default 20, about 1 s each on 2 cores); a failure prints fast-check's seed and shrunk steps, and
 * SYNC_SEED replays one seed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePapers } from '../../../lib/db/library-repo.ts';
import { markSeen, savePaper, setNote, setTags, unsavePaper } from '../../../lib/db/papers-repo.ts';
import type { Source } from '../../../lib/paper/model.ts';
import { openConflicts } from '../../../lib/sync/doc.ts';
import { makeCandidate } from '../../support/papers.ts';
import { makeDevice, settle, syncOk, view, type Device } from '../../support/sync-devices.ts';
import { startWebDav, type WebDavServer } from '../../support/webdav-server.ts';

const FROM: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };
const IDS = ['2401.00001', '2401.00002', '2401.00003'] as const;
const DEVICES = 3;
const RUNS = Number(process.env.SYNC_RUNS ?? 20);
const SEED = process.env.SYNC_SEED === undefined ? {} : { seed: Number(process.env.SYNC_SEED) };

type Step =
  | { type: 'save' | 'unsave' | 'delete' | 'seen'; device: number; id: string }
  | { type: 'note'; device: number; id: string; extend: boolean }
  | { type: 'tags'; device: number; id: string; tags: string[] }
  /** Devices syncing at once (one or more), compacting after `compactAfter` change files. */
  | { type: 'sync'; devices: number[]; compactAfter: number };

const onDevice = fc.integer({ min: 0, max: DEVICES - 1 });
const onPaper = fc.constantFrom(...IDS);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constantFrom('save', 'unsave', 'delete', 'seen'), device: onDevice, id: onPaper }),
  fc.record({ type: fc.constant('note'), device: onDevice, id: onPaper, extend: fc.boolean() }),
  fc.record({
    type: fc.constant('tags'),
    device: onDevice,
    id: onPaper,
    tags: fc.subarray(['ml', 'to read', 'ML', 'theory']),
  }),
  fc.record({
    type: fc.constant('sync'),
    devices: fc.uniqueArray(onDevice, { minLength: 1, maxLength: DEVICES }),
    compactAfter: fc.constantFrom(64, 64, 2, 0),
  }),
) as fc.Arbitrary<Step>;

let server: WebDavServer;

beforeAll(async () => {
  server = await startWebDav();
});
afterAll(async () => {
  await server.stop();
});

/** What the property checks a note text against: who wrote it, and whether that device itself let it go since. */
interface Written {
  text: string;
  key: string;
  device: number;
  /** The device replaced it with another note or deleted its paper, having it in front of it. */
  superseded: boolean;
}

async function play(devices: Device[], steps: readonly Step[], written: Written[]): Promise<void> {
  let counter = 0;
  /** The texts this device's note holds now: replacing or deleting supersedes them there. */
  const supersede = async (device: number, key: string): Promise<void> => {
    const note = (await devices[device]!.db.papers.get(key))?.note;
    if (note === undefined) return;
    for (const entry of written) {
      if (entry.key === key && !entry.superseded && note.includes(entry.text)) entry.superseded = true;
    }
  };
  for (const next of steps) {
    if (next.type === 'sync') {
      const outcomes = await Promise.all(
        next.devices.map((index) => devices[index]!.sync({ compactAfter: next.compactAfter })),
      );
      // Never a failure, the deletion failsafe included: it asks from 5 papers up, and there are 3.
      for (const [index, outcome] of outcomes.entries()) {
        if (!outcome.ok) throw new Error(`device ${next.devices[index]}: ${outcome.error}: ${outcome.message}`);
      }
      continue;
    }
    const on = devices[next.device]!;
    const key = `arxiv:${next.id}`;
    const now = on.now();
    switch (next.type) {
      case 'save':
        await savePaper(on.db, makeCandidate(next.id), FROM, now);
        break;
      case 'unsave':
        await unsavePaper(on.db, key, now);
        break;
      case 'delete':
        await supersede(next.device, key);
        await deletePapers(on.db, [key]);
        break;
      case 'seen':
        await markSeen(on.db, [makeCandidate(next.id)], FROM, undefined, now);
        break;
      case 'tags':
        await setTags(on.db, key, next.tags, now, makeCandidate(next.id));
        break;
      case 'note': {
        counter += 1;
        const mine = `note ${counter} from ${on.name}`;
        const before = (await on.db.papers.get(key))?.note;
        const text = next.extend && before !== undefined ? `${before}\n${mine}` : mine;
        await supersede(next.device, key);
        await setNote(on.db, key, text, now, makeCandidate(next.id));
        written.push({ text: mine, key, device: next.device, superseded: false });
        break;
      }
    }
  }
}

describe('sync convergence', () => {
  it('a paper deleted and made again on one device: every device ends with the same createdAt (found by the property)', async () => {
    rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
    const a = makeDevice('a', { server });
    const b = makeDevice('b', { server });
    try {
      await syncOk(a);
      const first = b.now();
      await setTags(b.db, 'arxiv:2401.00003', ['ml'], first, makeCandidate('2401.00003'));
      await settle([b, a]);
      await deletePapers(b.db, ['arxiv:2401.00003']);
      await setNote(b.db, 'arxiv:2401.00003', 'made again', first + 60_000, makeCandidate('2401.00003'));
      await settle([a, b]);
      const created = await Promise.all(
        [a, b].map(async (one) => (await one.db.papers.get('arxiv:2401.00003'))?.createdAt),
      );
      expect(created).toEqual([first, first]);
      expect(await view(b.db)).toEqual(await view(a.db));
    } finally {
      a.close();
      b.close();
    }
  });

  it('random edits on three devices, synced in random orders, end identical with no note text lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 24 }), async (steps) => {
        rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
        const devices = ['a', 'b', 'c'].map((name) => makeDevice(name, { server }));
        try {
          // The first syncs one by one: the race for format.json is faults.test.ts's.
          for (const device of devices) await syncOk(device);
          const written: Written[] = [];
          await play(devices, steps, written);
          await settle(devices, 6);
          // One more round, so conflicts found in the last one have reached every device.
          for (const device of devices) await syncOk(device);

          const first = await view(devices[0]!.db);
          const conflicts = async (device: Device): Promise<Record<string, string[]>> =>
            Object.fromEntries(
              (await device.db.syncDocs.orderBy('key').toArray()).map((doc) => [
                doc.key,
                openConflicts(doc).map((conflict) => conflict.text),
              ]),
            );
          const firstConflicts = await conflicts(devices[0]!);
          for (const device of devices.slice(1)) {
            expect(await view(device.db), device.name).toEqual(first);
            expect(await conflicts(device), device.name).toEqual(firstConflicts);
          }
          for (const device of devices) {
            for (const entry of written.filter((one) => !one.superseded)) {
              const doc = await device.db.syncDocs.get(entry.key);
              const texts = [doc?.note?.v ?? '', ...Object.values(doc?.conflicts ?? {}).map((one) => one.text)];
              expect(
                texts.some((text) => text.includes(entry.text)),
                `${device.name} lost "${entry.text}" of ${entry.key}`,
              ).toBe(true);
              // A paper that is there shows its doc's note.
              const paper = await device.db.papers.get(entry.key);
              if (paper !== undefined) expect(paper.note ?? null, device.name).toEqual(doc?.note?.v ?? null);
            }
          }
        } finally {
          for (const device of devices) device.close();
        }
      }),
      { numRuns: RUNS, ...SEED },
    );
  }, 120_000);
});
