/**
 * Single-key shortcuts on listing pages. Off while the focus is in a text field (the page's or Dogear's own), with a
 * modifier held, or when the user turned them off in the settings. Neither site uses these letters. Synthetic
 * (untrusted) key events are ignored.
 */
export interface KeyActions {
  next(): void;
  previous(): void;
  save(): void;
  note(): void;
  tags(): void;
  select(): void;
  open(): void;
  zotero(): void;
  toggleHideSeen(): void;
  help(): void;
}

const BINDINGS: Record<string, keyof KeyActions> = {
  j: 'next',
  k: 'previous',
  s: 'save',
  n: 'note',
  t: 'tags',
  x: 'select',
  o: 'open',
  z: 'zotero',
  h: 'toggleHideSeen',
  '?': 'help',
};

function isEditable(target: EventTarget | undefined): boolean {
  const element = target as HTMLElement | undefined;
  if (!element || typeof element.closest !== 'function') return false;
  if (element.isContentEditable) return true;
  return element.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

/** Listens for the shortcuts until `signal` aborts. */
export function bindKeys(doc: Document, enabled: () => boolean, actions: KeyActions, signal: AbortSignal): void {
  const onKey = (event: KeyboardEvent): void => {
    // A page script can dispatch key events; only the user's own keys act.
    if (!event.isTrusted || !enabled() || event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // composedPath()[0] is the real target, also inside a shadow root (ours or the page's).
    if (isEditable(event.composedPath()[0])) return;
    const action = BINDINGS[event.key];
    if (action === undefined) return;
    event.preventDefault();
    actions[action]();
  };
  doc.addEventListener('keydown', onKey, { signal });
}
