/**
 * The content script's lookup queue (entrypoints/papers.content/lookups.ts): batches of at most 2,000 keys, the first
 * load whole, later additions within a token bucket, none dropped.
 */
import { describe, expect, it } from 'vitest';
import { createLookupQueue, LOOKUP_LIMITS, type Clock } from '../../entrypoints/papers.content/lookups.ts';

function fakeClock() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { at: now + ms, run: callback };
      timers.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1);
    },
  };
  /** Moves time on, running the timers that fall due, and lets their sends settle. */
  async function advance(ms: number): Promise<void> {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      now = next.at;
      next.run();
      for (let i = 0; i < 10; i += 1) await Promise.resolve();
    }
    now = end;
  }
  return { clock, advance };
}

const keys = (count: number, from = 0): string[] =>
  Array.from({ length: count }, (_, i) => `arxiv:2601.${String(from + i).padStart(5, '0')}`);

describe('lookup queue', () => {
  it('looks up a 10,000-entry first load whole, in batches of at most 2,000', async () => {
    const sent: string[][] = [];
    const { clock } = fakeClock();
    const queue = createLookupQueue(async (batch) => void sent.push(batch), clock);
    await queue.lookup(keys(10_000), true);
    expect(sent.map((batch) => batch.length)).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(new Set(sent.flat()).size).toBe(10_000);
  });

  it('after the first load, 2,000 keys at once and then 100 a second; nothing is dropped', async () => {
    const sent: string[][] = [];
    const { clock, advance } = fakeClock();
    const queue = createLookupQueue(async (batch) => void sent.push(batch), clock);
    await queue.lookup(keys(50), true);
    await queue.lookup(keys(9_500, 100), false); // a script injects 9,500 made-up entries
    expect(sent.flat()).toHaveLength(50 + LOOKUP_LIMITS.burst);
    expect(queue.waiting).toBe(9_500 - 2000);
    await advance(10_000);
    expect(sent.flat().length - 50 - 2000).toBeGreaterThanOrEqual(950);
    expect(sent.flat().length - 50 - 2000).toBeLessThanOrEqual(1000);
    await advance(65_000);
    expect(sent.flat()).toHaveLength(50 + 9_500);
    expect(queue.waiting).toBe(0);
    expect(Math.max(...sent.map((batch) => batch.length))).toBeLessThanOrEqual(2000);
  });

  it('a key asked again while it waits is queued once', async () => {
    const sent: string[][] = [];
    const { clock, advance } = fakeClock();
    const queue = createLookupQueue(async (batch) => void sent.push(batch), clock, {
      batch: 10,
      burst: 5,
      perSecond: 5,
    });
    await queue.lookup(keys(8), false);
    await queue.lookup(keys(8), false);
    expect(queue.waiting).toBe(3);
    await advance(2_000);
    expect(sent.flat().sort()).toEqual(keys(8));
  });

  it('stop() cancels what waits', async () => {
    const sent: string[][] = [];
    const { clock, advance } = fakeClock();
    const queue = createLookupQueue(async (batch) => void sent.push(batch), clock, {
      batch: 10,
      burst: 2,
      perSecond: 1,
    });
    await queue.lookup(keys(5), false);
    queue.stop();
    await advance(60_000);
    expect(sent.flat()).toHaveLength(2);
  });
});
