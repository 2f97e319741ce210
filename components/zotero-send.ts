/**
 * What the extension pages share for "Send to Zotero" (the library's selection, the popup's saved papers): the Zotero
 * service, loaded on first use (it brings the item mapping and the Zotero clients, which no first render needs), and
 * one sentence for each outcome of a send.
 *
 * A send asks for its host permission first, in the click: the browser's prompt needs the click's gesture, so the
 * service must be loaded before the click (`loadZotero` when the button appears) and `requestZoteroPermission` called
 * before anything is awaited.
 */
import type { SendOutcome } from '../lib/app/zotero/service.ts';
import { plural } from './plural.ts';

export type ZoteroService = typeof import('../lib/app/zotero/service.ts');

let loading: Promise<ZoteroService> | undefined;

/** The service module, loaded once. */
export function loadZotero(): Promise<ZoteroService> {
  loading ??= import('../lib/app/zotero/service.ts');
  return loading;
}

/** The sentence for a send's outcome: what was sent, where, and what Zotero already had; or the service's error. */
export function describeSend(outcome: SendOutcome): { text: string; error: boolean } {
  if (!outcome.ok) return { text: outcome.message, error: true };
  // `where` names Zotero itself: "Zotero desktop: My Library › To read", "zotero.org library".
  const where = outcome.where === '' ? 'Zotero' : outcome.where;
  if (outcome.sent === 0 && outcome.already > 0) {
    return {
      text: outcome.already === 1 ? 'Already in Zotero.' : `All ${outcome.already} papers are already in Zotero.`,
      error: false,
    };
  }
  const sent = `Sent ${plural(outcome.sent, 'paper')} to ${where}`;
  if (outcome.already === 0) return { text: `${sent}.`, error: false };
  return {
    text: `${sent}; ${plural(outcome.already, 'other')} ${outcome.already === 1 ? 'was' : 'were'} already in Zotero.`,
    error: false,
  };
}
