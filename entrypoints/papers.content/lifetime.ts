/**
 * Everything the content script starts ends with its AbortSignal: WXT aborts `ctx.signal` when the script is
 * invalidated (the extension was reloaded or updated; the new version's script takes over the page). Listeners take the
 * signal as `{ signal }`; observers, timers and frames go through these helpers.
 *
 * Not `ctx.setTimeout`: it adds an abort listener per timer and never removes it, and the seen tracker arms one timer
 * per row that comes into view. These remove theirs when the timer fires or is cancelled.
 */

/** Runs `cleanup` once, when `signal` aborts (at once if it has); returns the function that forgets it. */
export function onAbort(signal: AbortSignal, cleanup: () => void): () => void {
  if (signal.aborted) {
    cleanup();
    return () => {};
  }
  signal.addEventListener('abort', cleanup, { once: true });
  return () => signal.removeEventListener('abort', cleanup);
}

/** `win.setTimeout` that the signal cancels; returns the function that cancels it. */
export function timeout(win: Window, signal: AbortSignal, callback: () => void, ms: number): () => void {
  if (signal.aborted) return () => {};
  const handle: { id?: number } = {};
  const forget = onAbort(signal, () => win.clearTimeout(handle.id));
  handle.id = win.setTimeout(() => {
    forget();
    callback();
  }, ms);
  return () => {
    win.clearTimeout(handle.id);
    forget();
  };
}

/** `win.requestAnimationFrame` that the signal cancels; returns the function that cancels it. */
export function animationFrame(win: Window, signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) return () => {};
  const handle: { id?: number } = {};
  const forget = onAbort(signal, () => {
    if (handle.id !== undefined) win.cancelAnimationFrame(handle.id);
  });
  handle.id = win.requestAnimationFrame(() => {
    forget();
    callback();
  });
  return () => {
    if (handle.id !== undefined) win.cancelAnimationFrame(handle.id);
    forget();
  };
}
