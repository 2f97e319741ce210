/**
 * Keeps the page bar off the keyboard's current entry: after each j/k (and while the page scrolls), if the bar's box
 * overlaps the entry, the bar shrinks to its one-line pill; if the pill still overlaps, it moves to the top corner (j/k
 * leave the entry's top at 15% of the window, so the top corner is clear of it). It comes back once the entry no longer
 * needs the room.
 */
import { animationFrame } from './lifetime.ts';
import { entryBox, overlaps, type Box } from './row-hosts.ts';

export interface BarPlacer {
  readonly placement: 'top' | 'bottom';
  /** The bar shows as its pill to make way for the current entry. */
  readonly madeWay: boolean;
  /** Places the bar clear of the current entry's elements (and keeps it so while scrolling); `undefined` puts it back. */
  avoid(roots: readonly Element[] | undefined): void;
  /** Back to the bottom corner, full size (the user expanded or collapsed it). */
  reset(): void;
  /** Places the bar again for the element it keeps clear of (its size changed), or just repaints it. */
  refresh(): void;
}

/**
 * @param barElement the bar's own box inside its shadow root (the host covers the viewport)
 * @param repaint renders the bar synchronously with the current placement
 * @param signal ends the scroll tracking
 */
export function createBarPlacer(
  win: Window,
  barElement: () => Element | null,
  repaint: () => void,
  signal: AbortSignal,
): BarPlacer {
  let placement: 'top' | 'bottom' = 'bottom';
  let madeWay = false;
  let tracked: readonly Element[] | undefined;
  let framePending = false;

  const clashes = (box: Box): boolean => {
    const bar = barElement();
    if (!bar) return false;
    const rect = bar.getBoundingClientRect();
    return overlaps(box, { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
  };

  function avoid(box: Box | undefined): void {
    const before = `${placement} ${madeWay}`;
    placement = 'bottom';
    madeWay = false;
    if (box) {
      repaint();
      if (clashes(box)) {
        madeWay = true;
        repaint();
        if (clashes(box)) placement = 'top';
      }
    }
    if (`${placement} ${madeWay}` !== before || box) repaint();
  }

  const onScroll = (): void => {
    if (!tracked || framePending) return;
    framePending = true;
    animationFrame(win, signal, () => {
      framePending = false;
      if (tracked) avoid(entryBox(tracked));
    });
  };
  win.addEventListener('scroll', onScroll, { passive: true, signal });

  return {
    get placement() {
      return placement;
    },
    get madeWay() {
      return madeWay;
    },
    avoid(roots) {
      tracked = roots;
      avoid(roots && entryBox(roots));
    },
    reset() {
      placement = 'bottom';
      madeWay = false;
      tracked = undefined;
    },
    refresh() {
      if (tracked) avoid(entryBox(tracked));
      else repaint();
    },
  };
}
