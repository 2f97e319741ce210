/**
 * One MutationObserver per tab for pages that change without a reload (Hugging Face re-renders its list on
 * Daily/Weekly/Monthly and search; other digests load more rows on scroll). Mutations are batched: `onChange` runs once
 * per quiet period (or at least every `maxWaitMs` during a long burst), never once per mutation, and changes made only
 * to Dogear's own nodes are ignored.
 */
import { onAbort } from './lifetime.ts';

const DOGEAR_NODES = '[data-dogear-ui], [data-dogear-mark], [data-dogear-bar], [data-dogear-note-host]';

function isDogearNode(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).matches(DOGEAR_NODES);
}

function insideDogear(node: Node): boolean {
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  return element?.closest(DOGEAR_NODES) != null; // a detached text node has no parent element
}

function concernsPage(record: MutationRecord): boolean {
  if (insideDogear(record.target)) return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.some((node) => !isDogearNode(node) && !(node.nodeType === 3 && node.nodeValue?.trim() === ''));
}

/** Watches the page until `signal` aborts. */
export function watchPage(
  doc: Document,
  onChange: () => void,
  signal: AbortSignal,
  options = { quietMs: 100, maxWaitMs: 500 },
): void {
  const win = doc.defaultView as Window & typeof globalThis; // a listing document always has a window
  let timer: number | undefined;
  let firstPending: number | undefined;
  const run = (): void => {
    timer = undefined;
    firstPending = undefined;
    onChange();
  };
  const observer = new win.MutationObserver((records) => {
    if (!records.some(concernsPage)) return;
    const now = win.performance.now();
    firstPending ??= now;
    if (timer !== undefined) win.clearTimeout(timer);
    const wait = Math.max(0, Math.min(options.quietMs, firstPending + options.maxWaitMs - now));
    timer = win.setTimeout(run, wait);
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  onAbort(signal, () => {
    observer.disconnect();
    if (timer !== undefined) win.clearTimeout(timer);
  });
}
