/**
 * When rows get their hosts, and when their marks are placed again. Hosts mount as a row comes near the viewport, or on
 * pointer or keyboard focus (a 2,000-row page stays fast); marks are placed again when an entry changes size (fonts,
 * MathJax, a window resize), once per frame. Everything ends with the signal.
 */
import { animationFrame, onAbort } from './lifetime.ts';
import type { PageRow } from './rows.tsx';

export interface Mounter {
  /** Watches these rows (the page's rows after a scan) until each has mounted. */
  observe(rows: readonly PageRow[]): void;
}

/** @param mount mounts the hosts of rows that have none (or lost them), and paints them */
export function createMounter(doc: Document, signal: AbortSignal, mount: (rows: readonly PageRow[]) => void): Mounter {
  const win = doc.defaultView as Window & typeof globalThis; // a listing document always has a window
  const IO = win.IntersectionObserver as typeof IntersectionObserver | undefined;
  const byElement = new WeakMap<Element, PageRow>();
  const onReach = (event: Event): void => {
    const target = event.target as Element | null;
    if (!event.isTrusted || !target || typeof target.closest !== 'function') return;
    const root = target.closest('[data-dogear-id]');
    const row = root ? byElement.get(root) : undefined;
    if (row) mount([row]);
  };
  doc.addEventListener('pointerover', onReach, { passive: true, signal });
  doc.addEventListener('focusin', onReach, { signal });
  const remember = (rows: readonly PageRow[]): void => {
    for (const row of rows) for (const root of row.ref.roots) byElement.set(root, row);
  };
  if (!IO) {
    // No IntersectionObserver (a test DOM): mount everything.
    return {
      observe(rows) {
        remember(rows);
        mount(rows);
      },
    };
  }
  const observer = new IO(
    (records) => {
      const batch: PageRow[] = [];
      for (const record of records) {
        if (!record.isIntersecting) continue;
        const row = byElement.get(record.target);
        if (row) batch.push(row);
        observer.unobserve(record.target);
      }
      mount(batch);
    },
    { rootMargin: '600px 0px' },
  );
  onAbort(signal, () => observer.disconnect());
  return {
    observe(rows) {
      remember(rows);
      for (const row of rows) if (!row.hosts?.mark.isConnected) observer.observe(row.ref.roots[0]!);
    },
  };
}

export interface ResizeWatch {
  /** Places the row's mark again whenever one of its elements changes size. */
  observe(row: PageRow): void;
}

/**
 * @param place measures and places these rows' marks (rows no longer on the page are left out)
 * @param onWindowResize also called when the window resizes (the bar's layout depends on its width)
 */
export function createResizeWatch(
  win: Window,
  signal: AbortSignal,
  live: () => readonly PageRow[],
  place: (rows: readonly PageRow[]) => void,
  onWindowResize: () => void,
): ResizeWatch | undefined {
  const RO = (win as Window & typeof globalThis).ResizeObserver as typeof ResizeObserver | undefined;
  if (!RO) return undefined;
  const byElement = new WeakMap<Element, PageRow>();
  const dirty = new Set<PageRow>();
  let framePending = false;
  const flush = (): void => {
    framePending = false;
    const rows = live();
    const batch = [...dirty].filter((row) => rows[row.index] === row);
    dirty.clear();
    place(batch);
  };
  const schedule = (): void => {
    if (framePending) return;
    framePending = true;
    animationFrame(win, signal, flush);
  };
  const observer = new RO((records) => {
    for (const record of records) {
      const row = byElement.get(record.target);
      if (row) dirty.add(row);
    }
    schedule();
  });
  onAbort(signal, () => observer.disconnect());
  win.addEventListener(
    'resize',
    () => {
      for (const row of live()) if (row.hosts) dirty.add(row);
      schedule();
      onWindowResize();
    },
    { signal },
  );
  return {
    observe(row) {
      for (const root of row.ref.roots) {
        byElement.set(root, row);
        observer.observe(root);
      }
    },
  };
}
