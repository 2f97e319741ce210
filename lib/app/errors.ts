/**
 * One friendly sentence for anything that can go wrong when an extension page writes the library, so every action
 * reports failures the same way. Each names what the user can do about it.
 */
import { describeError } from '../messages.ts';

const nameOf = (error: unknown): unknown => (error as { name?: unknown } | null)?.name;
/** Dexie wraps the browser's error (quota, abort) in its own; the cause is in `inner`. */
const innerOf = (error: unknown): unknown => (error as { inner?: unknown } | null)?.inner;

export function friendlyError(error: unknown): string {
  const names = [nameOf(error), nameOf(innerOf(error))];
  if (names.includes('QuotaExceededError')) {
    return 'The browser refused to store more data: the disk or its storage quota is full. Free some space and try again; nothing was changed.';
  }
  if (names.includes('DatabaseClosedError')) {
    return 'The library was closed (Dogear was updated or reloaded meanwhile). Reload this page and try again.';
  }
  if (names.includes('VersionError') || names.includes('UpgradeError')) {
    return 'Another Dogear page opened a newer version of the library. Reload this page.';
  }
  if (names.includes('MissingAPIError') || names.includes('InvalidStateError')) {
    return 'This browser window cannot store data (a private window, or storage turned off for extensions).';
  }
  return describeError(error);
}
