/**
 * Calls `action` only for events a user made (`isTrusted`): a page's scripts can dispatch the others, and reach the
 * listing UI's buttons with `click()`. Every handler of the row controls and the page bar goes through it.
 */
export function trusted<E extends Event>(action: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) action(event);
  };
}
