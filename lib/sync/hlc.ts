/**
 * Hybrid logical clocks: every change a device makes is stamped with one, and the merge orders changes by them
 * (lib/sync/doc.ts). A stamp is wall time, a counter and the device id, written so that comparing two stamps as strings
 * compares them as clocks: `0001764950000000.0000.<device>` (13-digit ms padded to 16, 4 hex digits, device id).
 *
 * Why not wall time alone: a device whose clock runs an hour behind would lose every edit to older ones. `receive`
 * moves the local clock past every stamp a device has read, so a change made after reading another is always later than
 * it, whatever the wall clocks say (Kulkarni et al., "Logical physical clocks", 2014).
 */
import { z } from '../zod.ts';

/** A device id: random, chosen once per browser profile (lowercase letters and digits). */
export const DeviceIdSchema = z.string().regex(/^[a-z0-9]{8,32}$/);

const STAMP = /^(\d{16})\.([0-9a-f]{4})\.([a-z0-9]{8,32})$/;

/** One stamp, comparable as a string. */
export const HlcSchema = z.string().regex(STAMP);
export type Hlc = string;

/** The clock of one device: the last stamp it issued or read. */
export interface Clock {
  device: string;
  wall: number;
  counter: number;
}

const MAX_COUNTER = 0xffff;

export function newClock(device: string): Clock {
  return { device, wall: 0, counter: 0 };
}

export function formatHlc(wall: number, counter: number, device: string): Hlc {
  return `${String(wall).padStart(16, '0')}.${counter.toString(16).padStart(4, '0')}.${device}`;
}

export function parseHlc(stamp: Hlc): { wall: number; counter: number; device: string } {
  const match = STAMP.exec(stamp);
  if (!match) throw new Error(`not a clock stamp: ${stamp.slice(0, 80)}`);
  return { wall: Number(match[1]), counter: parseInt(match[2]!, 16), device: match[3]! };
}

/** The later of two stamps (either may be missing). */
export function laterOf(a: Hlc | undefined, b: Hlc | undefined): Hlc | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}

/** A new stamp for a local change at wall time `now`; `clock` is advanced in place. */
export function tick(clock: Clock, now: number): Hlc {
  if (now > clock.wall) {
    clock.wall = now;
    clock.counter = 0;
  } else if (clock.counter < MAX_COUNTER) {
    clock.counter += 1;
  } else {
    // 65,536 stamps in one millisecond: borrow the next millisecond rather than repeat a stamp.
    clock.wall += 1;
    clock.counter = 0;
  }
  return formatHlc(clock.wall, clock.counter, clock.device);
}

/** Moves `clock` past a stamp read from another device, so the next local stamp is later than it. */
export function receive(clock: Clock, stamp: Hlc): void {
  const { wall, counter } = parseHlc(stamp);
  if (wall > clock.wall || (wall === clock.wall && counter > clock.counter)) {
    clock.wall = wall;
    clock.counter = counter;
  }
}
