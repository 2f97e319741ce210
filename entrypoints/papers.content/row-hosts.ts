/**
 * The two elements Dogear adds to a listing entry, each holding a _closed_ shadow root (the page's scripts get null
 * from `host.shadowRoot` and cannot look inside): the mark, which covers the entry and draws its bar, and the controls,
 * appended at the adapter's anchor. Neither host's size or attributes depend on the paper's state; the mark's geometry
 * is measured from the entry's own boxes.
 */
export const UI_ATTRIBUTE = 'data-dogear-ui';
export const MARK_ATTRIBUTE = 'data-dogear-mark';

/** Room left of an entry for its bar, when the entry does not clip it. */
const GUTTER = 10;

export interface RowHosts {
  mark: HTMLElement;
  markRoot: ShadowRoot;
  /** The element inside the mark's root that Preact renders into. */
  markMount: Element;
  controls: HTMLElement;
  controlsRoot: ShadowRoot;
  controlsMount: Element;
  /** The margins last set on the mark (its offset from where it would sit by itself). */
  offset: { x: number; y: number };
}

function closedHost(
  doc: Document,
  tag: string,
  attribute: string,
  css: string,
): { host: HTMLElement; root: ShadowRoot; mount: Element } {
  const host = doc.createElement(tag);
  host.setAttribute(attribute, '');
  const root = host.attachShadow({ mode: 'closed' });
  // A <style> per root rather than adoptedStyleSheets: Chromium shares the parsed sheet between identical texts,
  // and constructed sheets do not cross Firefox's content-script compartment.
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement(tag);
  root.append(style, mount);
  return { host, root, mount };
}

/** Adds both hosts to an entry, replacing any an earlier run (or an older Dogear) left there. */
export function mountHosts(
  doc: Document,
  roots: readonly Element[],
  anchor: Element,
  css: { mark: string; controls: string },
): RowHosts {
  const first = roots[0]!;
  for (const stale of first.querySelectorAll(`:scope > [${MARK_ATTRIBUTE}]`)) stale.remove();
  for (const stale of anchor.querySelectorAll(`:scope > [${UI_ATTRIBUTE}]`)) stale.remove();
  const mark = closedHost(doc, 'span', MARK_ATTRIBUTE, css.mark);
  const controls = closedHost(doc, 'span', UI_ATTRIBUTE, css.controls);
  // Last child, so no `:first-child` rule of the site changes its target.
  first.append(mark.host);
  anchor.append(controls.host);
  return {
    mark: mark.host,
    markRoot: mark.root,
    markMount: mark.mount,
    controls: controls.host,
    controlsRoot: controls.root,
    controlsMount: controls.mount,
    offset: { x: 0, y: 0 },
  };
}

export function removeHosts(hosts: RowHosts): void {
  hosts.mark.remove();
  hosts.controls.remove();
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The entry's extent on screen: the union of its roots' boxes (an arXiv `dt` and its `dd` are one entry). */
export function entryBox(roots: readonly Element[]): Box | undefined {
  let box: Box | undefined;
  for (const root of roots) {
    const rect = root.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    box = box
      ? {
          left: Math.min(box.left, rect.left),
          top: Math.min(box.top, rect.top),
          right: Math.max(box.right, rect.right),
          bottom: Math.max(box.bottom, rect.bottom),
        }
      : { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
  }
  return box;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

export interface Placement {
  hosts: RowHosts;
  roots: readonly Element[];
}

/**
 * Sizes and moves each mark over its entry: all reads first, then all writes, so a batch costs one layout. Returns, per
 * placement, whether the bar sits inside the entry (it clips overflow, or has no room on its left).
 */
export function placeMarks(placements: readonly Placement[]): boolean[] {
  const measured = placements.map(({ hosts, roots }) => {
    const box = entryBox(roots);
    if (!box) return undefined;
    const self = hosts.mark.getBoundingClientRect();
    const win = roots[0]!.ownerDocument.defaultView;
    const overflow = win?.getComputedStyle(roots[0]!).overflowX ?? 'visible';
    const inside = overflow !== 'visible' || box.left + (win?.scrollX ?? 0) < GUTTER + 2;
    const gutter = inside ? 0 : GUTTER;
    // Where the host would sit with no margins: its box now, minus the margins it has.
    const staticX = self.left - hosts.offset.x;
    const staticY = self.top - hosts.offset.y;
    return {
      x: box.left - gutter - staticX,
      y: box.top - staticY,
      w: box.right - box.left + gutter,
      h: box.bottom - box.top,
      gutter,
      inside,
    };
  });
  return placements.map(({ hosts }, index) => {
    const m = measured[index];
    if (!m) return false;
    hosts.offset = { x: m.x, y: m.y };
    const style = hosts.mark.style;
    style.setProperty('--dg-x', `${m.x}px`);
    style.setProperty('--dg-y', `${m.y}px`);
    style.setProperty('--dg-w', `${m.w}px`);
    style.setProperty('--dg-h', `${m.h}px`);
    style.setProperty('--dg-gutter', `${m.gutter}px`);
    return m.inside;
  });
}
