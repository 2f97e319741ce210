/**
 * How the content script asks the library about the entries on a page, so a page cannot use Dogear to scan the library:
 * keys go in batches of at most MAX_LOOKUP_KEYS (one message each); the page's first load is looked up whole; after
 * that, keys the page adds (re-rendered lists, more rows — or thousands of made-up entries a script injects) are looked
 * up at a limited rate, a token bucket of `burst` keys refilled at `perSecond`. Keys over the budget wait their turn;
 * none is dropped. No browser globals: the timer is injected, so this runs in node tests.
 */
import { MAX_LOOKUP_KEYS } from '../../lib/messages.ts';

export interface LookupLimits {
  /** Keys per message. */
  batch: number;
  /** Keys that may be looked up at once after the first load. */
  burst: number;
  /** Keys added to the budget per second, up to `burst`. */
  perSecond: number;
}

/** After the first load: 2,000 keys at once, then 100 a second (9,500 injected entries take 75 s). */
export const LOOKUP_LIMITS: LookupLimits = { batch: MAX_LOOKUP_KEYS, burst: 2000, perSecond: 100 };

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LookupQueue {
  /**
   * Looks `keys` up: all at once when `firstLoad`, else within the rate budget (the rest later, in order). Resolves
   * when the keys looked up now are answered.
   */
  lookup(keys: readonly string[], firstLoad: boolean): Promise<void>;
  /** Keys waiting for budget. Each key is looked up once; changes announced by the library are refreshed apart. */
  readonly waiting: number;
  stop(): void;
}

/** @param send asks the background about one batch and applies the answer; never rejects */
export function createLookupQueue(
  send: (keys: string[]) => Promise<void>,
  clock: Clock,
  limits = LOOKUP_LIMITS,
): LookupQueue {
  let tokens = limits.burst;
  let refilledAt = clock.now();
  const queue: string[] = [];
  const queued = new Set<string>();
  /** Keys sent or waiting: a page asking again (re-rendering, re-injecting) costs no second lookup. */
  const asked = new Set<string>();
  let timer: unknown;
  let stopped = false;

  function refill(): void {
    const now = clock.now();
    tokens = Math.min(limits.burst, tokens + ((now - refilledAt) / 1000) * limits.perSecond);
    refilledAt = now;
  }

  async function sendAll(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length && !stopped; start += limits.batch) {
      await send(keys.slice(start, start + limits.batch));
    }
  }

  function takeAllowed(): string[] {
    refill();
    const count = Math.min(queue.length, Math.floor(tokens));
    tokens -= count;
    const taken = queue.splice(0, count);
    for (const key of taken) queued.delete(key);
    return taken;
  }

  function schedule(): void {
    if (stopped || timer !== undefined || queue.length === 0) return;
    // Wait until a useful share of the budget is back (or enough for everything waiting).
    const wanted = Math.min(queue.length, Math.max(1, limits.perSecond / 4));
    const ms = Math.max(0, ((wanted - tokens) / limits.perSecond) * 1000);
    timer = clock.setTimeout(() => {
      timer = undefined;
      void sendAll(takeAllowed()).then(schedule);
    }, ms);
  }

  return {
    async lookup(keys, firstLoad) {
      const fresh = keys.filter((key) => !asked.has(key));
      if (stopped || fresh.length === 0) return;
      for (const key of fresh) asked.add(key);
      if (firstLoad) return sendAll(fresh);
      for (const key of fresh) {
        queued.add(key);
        queue.push(key);
      }
      const now = takeAllowed();
      schedule();
      await sendAll(now);
    },
    get waiting() {
      return queue.length;
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
