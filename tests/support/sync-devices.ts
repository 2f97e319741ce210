/**
 * Devices for the sync tests: each is its own AppDB (fake-indexeddb) with its own wall clock, syncing through the real
 * engine with a real WebDAV client against the Apache server of tests/support/webdav-server.ts (or the fault proxy in
 * front of it). `view` is what a user could tell apart between two libraries: every paper field but the local
 * `updatedAt`, every sighting.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { syncOnce, type SyncDeps, type SyncOutcome } from '../../lib/app/sync/engine.ts';
import { AppDB } from '../../lib/db/app-db.ts';
import { createWebDav } from '../../lib/sync/webdav.ts';

export interface DeviceOptions {
  /** The WebDAV folder URL, user and password. */
  server: { url: string; user: string; password: string };
  passphrase?: string;
  /** Added to Date.now(): this device's clock error. */
  skewMs?: number;
}

export interface Device {
  name: string;
  db: AppDB;
  now: () => number;
  sync(options?: Partial<SyncDeps>): Promise<SyncOutcome>;
  close(): void;
}

let count = 0;

export function makeDevice(name: string, options: DeviceOptions): Device {
  count += 1;
  const db = new AppDB(`dogear-sync-${name}-${count}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const now = (): number => Date.now() + (options.skewMs ?? 0);
  const dav = createWebDav({ ...options.server, fetch: globalThis.fetch });
  return {
    name,
    db,
    now,
    sync: (extra = {}) =>
      syncOnce({ db, dav, now, ...(options.passphrase ? { passphrase: options.passphrase } : {}), ...extra }),
    close: () => db.close(),
  };
}

/** A sync that must succeed: throws with the engine's message otherwise. */
export async function syncOk(device: Device, options?: Partial<SyncDeps>): Promise<Extract<SyncOutcome, { ok: true }>> {
  const outcome = await device.sync(options);
  if (!outcome.ok) throw new Error(`${device.name}: ${outcome.error}: ${outcome.message}`);
  return outcome;
}

/** Rounds of syncing every device in turn until a whole round changes nothing anywhere (at most `rounds`). */
export async function settle(devices: readonly Device[], rounds = 4): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    let changed = 0;
    for (const device of devices) changed += (await syncOk(device)).changed;
    if (changed === 0 && round > 0) return;
  }
}

/** The library as a user sees it: papers without the local updatedAt, sorted by key, and sighting ids. */
export async function view(db: AppDB): Promise<{ papers: unknown[]; sightings: string[] }> {
  const papers = (await db.papers.orderBy('key').toArray()).map(({ updatedAt: _updatedAt, ...paper }) => paper);
  const sightings = (await db.sightings.toArray()).map((sighting) => sighting.id).sort();
  return { papers, sightings };
}
