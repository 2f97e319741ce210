/**
 * Decides when a row has been looked at: at least `seenThreshold` of it on screen (or, for a row taller than that share
 * of the viewport, that share of the viewport filled by it) for `seenDwellMs`, while the tab is visible. Each row is
 * reported once per visit; reports are batched so a fast scroll sends one message, not one per row.
 */
import type { Settings } from '../../lib/settings.ts';
import { onAbort } from './lifetime.ts';

export interface SeenItem {
  key: string;
  element: Element;
}

export interface SeenWatcher {
  observe(items: readonly SeenItem[]): void;
}

/** Rows that become seen within this window go in one report. */
const BATCH_MS = 250;

export function watchSeen(
  win: Window,
  settings: Pick<Settings, 'seenThreshold' | 'seenDwellMs'>,
  onSeen: (keys: string[]) => void,
  signal: AbortSignal,
): SeenWatcher | undefined {
  const IO = (win as Window & typeof globalThis).IntersectionObserver as typeof IntersectionObserver | undefined;
  if (!IO) return undefined;
  const doc = win.document;
  const keyOf = new WeakMap<Element, string>();
  const reported = new Set<string>();
  const visible = new Set<Element>();
  const timers = new Map<Element, number>();
  let batch: string[] = [];
  let batchTimer: number | undefined;

  function flush(): void {
    batchTimer = undefined;
    const keys = batch;
    batch = [];
    if (keys.length > 0) onSeen(keys);
  }

  function arm(element: Element): void {
    if (timers.has(element) || doc.visibilityState !== 'visible') return;
    timers.set(
      element,
      win.setTimeout(() => {
        timers.delete(element);
        const key = keyOf.get(element);
        if (key === undefined || reported.has(key) || !visible.has(element)) return;
        reported.add(key);
        observer.unobserve(element);
        visible.delete(element);
        batch.push(key);
        batchTimer ??= win.setTimeout(flush, BATCH_MS);
      }, settings.seenDwellMs),
    );
  }

  function disarm(element: Element): void {
    const timer = timers.get(element);
    if (timer !== undefined) win.clearTimeout(timer);
    timers.delete(element);
  }

  const steps = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, settings.seenThreshold];
  const observer = new IO(
    (records) => {
      for (const record of records) {
        const viewport = record.rootBounds?.height ?? win.innerHeight;
        const onScreen =
          record.isIntersecting &&
          (record.intersectionRatio >= settings.seenThreshold - 1e-6 ||
            record.intersectionRect.height >= settings.seenThreshold * viewport);
        if (onScreen) {
          visible.add(record.target);
          arm(record.target);
        } else {
          visible.delete(record.target);
          disarm(record.target);
        }
      }
    },
    { threshold: [...new Set(steps)].sort() },
  );

  function onVisibility(): void {
    if (doc.visibilityState === 'visible') for (const element of visible) arm(element);
    else for (const element of [...timers.keys()]) disarm(element);
  }
  doc.addEventListener('visibilitychange', onVisibility, { signal });
  onAbort(signal, () => {
    observer.disconnect();
    for (const element of [...timers.keys()]) disarm(element);
    if (batchTimer !== undefined) win.clearTimeout(batchTimer);
  });

  return {
    observe(items) {
      for (const { key, element } of items) {
        if (reported.has(key) || keyOf.get(element) === key) continue;
        keyOf.set(element, key);
        observer.observe(element);
      }
    },
  };
}
