/**
 * Sending papers to the user's Zotero, without extension APIs: fetch, sleep, the permission check and the settings come
 * as parameters, so the tests run this against the contract fakes of tests/support/zotero-fake.ts. service.ts wraps it
 * for the extension.
 *
 * The order of things:
 *
 * 1. Papers Dogear already sent, or that the index of the user's library has, answer "already" (unless `resend`).
 * 2. Desktop first: ping, getSelectedCollection (its name is where the papers go, said in `where`; a read-only one is
 *    refused before anything is saved), findExistingItems per paper when this Zotero answers it (fails open: every
 *    release so far answers 404, lib/zotero/connector.ts), then one savePaper per paper, each in a fresh session (a
 *    note belongs to one paper, and updateSession applies it to every item of the session).
 * 3. Zotero not running: with an API key, the Web API at once (and `where` says so); without one, the error offers it.
 * 4. Web API: the items in writes of at most 50 (lib/zotero/web-api.ts createItems), then the notes as child items of the
 *    items just created.
 *
 * What reached Zotero is recorded in `zoteroSent`, in one transaction, also when a later paper failed.
 */
import type { AppDB } from '../../db/app-db.ts';
import { keysInZotero, recordSent, type ZoteroSent } from '../../db/zotero-repo.ts';
import type { Paper } from '../../paper/model.ts';
import { type FetchLike, zoteroConnector, ZoteroConnectorError } from '../../zotero/connector.ts';
import { noteHtml, toZoteroItem, zoteroNote } from '../../zotero/item.ts';
import { hasWebKey, type ZoteroSettings } from '../../zotero/settings.ts';
import { zoteroWebApi, ZoteroWebApiError } from '../../zotero/web-api.ts';

export type ZoteroError =
  | 'not-running'
  | 'not-zotero'
  | 'read-only'
  | 'no-permission'
  | 'web-key'
  | 'web-failed'
  | 'unknown-paper'
  /** Zotero desktop answered, but refused or failed the save (a reply other than the ones named above). */
  | 'desktop-failed';

export type SendOutcome =
  | {
      ok: true;
      sent: number;
      already: number;
      /** Where they went, in words: "Zotero desktop: My Library › To read", "zotero.org library". */
      where: string;
      /** The short name a listing row shows: "My Library", "zotero.org". */
      target: string;
    }
  | { ok: false; error: ZoteroError; message: string; offerWeb?: boolean };

export const NOT_RUNNING_MESSAGE =
  'Zotero is not running. Start Zotero and try again, or send through zotero.org with an API key (Settings › Zotero).';

const MESSAGES: Readonly<Record<Exclude<ZoteroError, 'not-running' | 'desktop-failed' | 'web-failed'>, string>> = {
  'not-zotero': 'Something other than Zotero answers at Zotero’s address (port 23119). Quit it and start Zotero.',
  'read-only': 'The library selected in Zotero is read-only. Select one you can edit in Zotero and try again.',
  'no-permission': 'Dogear may not connect to Zotero yet. Allow it in Settings › Zotero, then try again.',
  'web-key': 'Add your Zotero API key first (Settings › Zotero).',
  'unknown-paper': 'Dogear has no record of this paper.',
};

/** What the core needs from outside. */
export interface ZoteroDeps {
  fetch: FetchLike;
  /** Waits for the Web API's Backoff and Retry-After (tests record and return at once). */
  sleep: (ms: number) => Promise<void>;
  /** Sent as `X-Zotero-Version`: Dogear's version. */
  clientVersion: string;
  /** Whether Dogear holds the host permission for this address (service.ts asks the browser). */
  permitted: (url: string) => Promise<boolean>;
  now?: () => number;
  /** A fresh connector session id (random). */
  sessionId?: () => string;
  /** A fresh Web API write token (random, 32 characters). */
  writeToken?: () => string;
}

export interface SendOptions {
  via?: 'desktop' | 'web';
  /** Send even what Zotero has already. */
  resend?: boolean;
}

function failure(error: ZoteroError, message?: string): SendOutcome {
  return { ok: false, error, message: message ?? MESSAGES[error as keyof typeof MESSAGES] };
}

/** "1 paper was" / "3 papers were": a prefix for failures after part of a batch went through. */
function partly(sent: number, message: string): string {
  if (sent === 0) return message;
  return `${sent === 1 ? '1 paper was' : `${sent} papers were`} sent; the rest were not. ${message}`;
}

export async function sendPapers(
  db: AppDB,
  settings: ZoteroSettings,
  keys: readonly string[],
  deps: ZoteroDeps,
  options: SendOptions = {},
): Promise<SendOutcome> {
  const wanted = [...new Set(keys)];
  const records = await db.papers.bulkGet(wanted);
  const missing = wanted.filter((_key, index) => records[index] === undefined);
  if (wanted.length === 0 || missing.length > 0) {
    return failure(
      'unknown-paper',
      wanted.length === 0
        ? 'No paper was chosen.'
        : `${MESSAGES['unknown-paper']} (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`,
    );
  }
  let papers = records as Paper[];
  let already = 0;
  if (options.resend !== true) {
    const inZotero = await keysInZotero(db, wanted);
    papers = papers.filter((paper) => !inZotero.has(paper.key));
    already = wanted.length - papers.length;
  }
  const via = options.via ?? settings.via;
  if (papers.length === 0) {
    return { ok: true, sent: 0, already, where: 'your Zotero', target: 'already there' };
  }
  if (via === 'web') return sendByWeb(db, settings, papers, already, deps, '');

  if (!(await deps.permitted(settings.desktopUrl))) {
    // Without the permission the request would fail like a Zotero that is not running; say what it really is.
    if (hasWebKey(settings) && (await deps.permitted(settings.webUrl))) {
      return sendByWeb(db, settings, papers, already, deps, ' (Dogear may not reach Zotero desktop)');
    }
    return failure('no-permission');
  }
  const connector = zoteroConnector({
    fetch: deps.fetch,
    clientVersion: deps.clientVersion,
    baseUrl: settings.desktopUrl,
  });
  let target;
  try {
    await connector.ping();
    target = await connector.selectedCollection();
  } catch (error) {
    if (error instanceof ZoteroConnectorError && error.kind === 'not-running') {
      if (hasWebKey(settings)) {
        return sendByWeb(db, settings, papers, already, deps, ' (Zotero desktop was not running)');
      }
      return { ok: false, error: 'not-running', message: NOT_RUNNING_MESSAGE, offerWeb: settings.apiKey === undefined };
    }
    return desktopFailure(error, 0);
  }
  if (!target.editable) return failure('read-only');
  const where = `Zotero desktop: ${target.libraryName}${target.id === null ? '' : ` › ${target.name}`}`;

  const now = deps.now ?? Date.now;
  const newSession = deps.sessionId ?? (() => globalThis.crypto.randomUUID());
  const sent: ZoteroSent[] = [];
  let found: ZoteroSent[] = [];
  let canFind = options.resend !== true;
  try {
    for (const paper of papers) {
      const item = toZoteroItem(paper);
      if (canFind) {
        // One paper per question: the reply does not say which identifier of a longer query matched.
        const matches = await connector
          .findExistingItems({ doi: item.DOI === undefined ? [] : [item.DOI], url: [item.url] })
          .catch(() => undefined);
        if (matches === undefined)
          canFind = false; // this Zotero cannot tell: ask no more, send
        else if (matches.length > 0) {
          found = [...found, { key: paper.key, at: now(), via: 'desktop', itemKey: matches[0]!.key, target: where }];
          continue;
        }
      }
      await connector.savePaper(item, {
        sessionId: newSession(),
        target: target.target,
        note: noteHtml(paper.note ?? ''),
      });
      sent.push({ key: paper.key, at: now(), via: 'desktop', target: where });
    }
  } catch (error) {
    await recordSent(db, [...sent, ...found]);
    return desktopFailure(error, sent.length);
  }
  await recordSent(db, [...sent, ...found]);
  return { ok: true, sent: sent.length, already: already + found.length, where, target: target.libraryName };
}

function desktopFailure(error: unknown, sent: number): SendOutcome {
  if (error instanceof ZoteroConnectorError) {
    if (error.kind === 'not-running')
      return { ok: false, error: 'not-running', message: partly(sent, NOT_RUNNING_MESSAGE) };
    if (error.kind === 'not-zotero') return failure('not-zotero', partly(sent, MESSAGES['not-zotero']));
    if (error.kind === 'read-only') return failure('read-only', partly(sent, MESSAGES['read-only']));
    return failure('desktop-failed', partly(sent, error.message));
  }
  return failure('desktop-failed', partly(sent, error instanceof Error ? error.message : String(error)));
}

async function sendByWeb(
  db: AppDB,
  settings: ZoteroSettings,
  papers: readonly Paper[],
  already: number,
  deps: ZoteroDeps,
  because: string,
): Promise<SendOutcome> {
  if (!hasWebKey(settings)) return failure('web-key');
  if (!(await deps.permitted(settings.webUrl))) return failure('no-permission');
  const api = zoteroWebApi({
    fetch: deps.fetch,
    sleep: deps.sleep,
    baseUrl: settings.webUrl,
    ...(deps.writeToken === undefined ? {} : { writeToken: deps.writeToken }),
  });
  const now = deps.now ?? Date.now;
  const where = `zotero.org library${because}`;
  let results;
  try {
    results = await api.createItems(
      settings.userId,
      settings.apiKey,
      papers.map((paper) => toZoteroItem(paper)),
    );
  } catch (error) {
    return webFailure(error, 0);
  }
  const sent: ZoteroSent[] = [];
  const notes: Array<ReturnType<typeof zoteroNote>> = [];
  const failed: string[] = [];
  results.forEach((result, index) => {
    const paper = papers[index]!;
    if (result.status === 'failed') {
      failed.push(`${paper.key}: ${result.message}`);
      return;
    }
    sent.push({
      key: paper.key,
      at: now(),
      via: 'web',
      target: where,
      ...(result.key === undefined ? {} : { itemKey: result.key }),
    });
    // An item written by a retry whose first reply was lost has no key to hang its note on.
    if (result.status === 'created' && noteHtml(paper.note ?? '') !== '')
      notes.push(zoteroNote(result.key, paper.note!));
  });
  await recordSent(db, sent);
  let noteProblem = '';
  if (notes.length > 0) {
    try {
      const written = await api.createItems(settings.userId, settings.apiKey, notes);
      const lost = written.filter((result) => result.status === 'failed').length;
      if (lost > 0) noteProblem = ` ${lost === 1 ? '1 note was' : `${lost} notes were`} not added.`;
    } catch (error) {
      noteProblem = ` The notes were not added: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (failed.length > 0) {
    return failure('web-failed', partly(sent.length, `Zotero refused ${failed.slice(0, 3).join('; ')}.${noteProblem}`));
  }
  if (noteProblem !== '') return failure('web-failed', partly(sent.length, noteProblem.trim()));
  return { ok: true, sent: sent.length, already, where, target: 'zotero.org' };
}

function webFailure(error: unknown, sent: number): SendOutcome {
  if (error instanceof ZoteroWebApiError) {
    const kind = error.kind === 'bad-key' || error.kind === 'no-write-access' ? 'web-key' : 'web-failed';
    return failure(kind, partly(sent, error.message));
  }
  return failure('web-failed', partly(sent, error instanceof Error ? error.message : String(error)));
}
