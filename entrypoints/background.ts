/**
 * Owns the database and answers messages. Wiring only: the logic is in lib/messages.ts and lib/db/. The worker can be
 * killed at any moment (MV3 idles it after ~30 s); every write is one committed transaction, so a kill loses at most
 * the message in flight, which the sender sees as an error.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import {
  lookupStates,
  markOpened,
  markSeen,
  savePaper,
  saveMany,
  readNote,
  setNote,
  setTags,
  unsavePaper,
  type States,
} from '../lib/db/papers-repo.ts';
import { undo, undoable, UndoJournals } from '../lib/db/undo-journal.ts';
import { dispatch, openPaperUrl, type Handlers } from '../lib/messages.ts';
import { allMatchPatterns } from '../lib/sites/registry.ts';
import { announceChanged } from '../lib/app/announce.ts';
import { enableGranted, forgetTab, genericAllowed, MARK_COMMAND, startOnTab } from '../lib/app/generic.ts';
import { autoBackupIfDue } from '../lib/app/backup.ts';
import { appDb } from '../lib/app/db.ts';
import { ensureSchedule, isSyncAlarm, SYNC_SOON_ALARM, syncSoon } from '../lib/app/sync/schedule.ts';
import { runSync } from '../lib/app/sync/service.ts';
import { ensureZoteroSchedule, ZOTERO_INDEX_ALARM } from '../lib/app/zotero/schedule.ts';
import { refreshZoteroIndex, sendToZotero } from '../lib/app/zotero/service.ts';
import { watchZoteroSettings } from '../lib/app/zotero/settings-store.ts';
import { withZoteroFlags } from '../lib/db/zotero-repo.ts';

export default defineBackground(() => {
  const db = appDb();

  /**
   * Announces the papers a write touched (after it committed) to every tab, asks for a sync soon (when sync is on), and
   * passes its states on as the reply.
   */
  async function write(states: Promise<States>): Promise<States> {
    const result = await states;
    announceChanged(Object.keys(result)).catch((error: unknown) =>
      console.warn('Dogear: could not notify tabs', error),
    );
    if (Object.keys(result).length > 0) void syncSoon();
    // A reply replaces the row's state: without the flag, a save would take the row's Zotero mark away.
    return withZoteroFlags(db, Object.keys(result), result);
  }

  // ---- Automatic backups (opt-in, lib/backup-settings.ts, lib/app/backup.ts): checked after every committed save and at worker start.
  // One check at a time; a save arriving during a backup is counted by the next check (the count is read from the
  // savedAt index, not kept here, so a killed worker loses nothing).
  let backupCheck: Promise<unknown> | undefined;
  function checkBackup(trigger: string): void {
    if (backupCheck) return;
    backupCheck = autoBackupIfDue(db)
      .then((outcome) => {
        if (outcome.startsWith('written') || outcome.startsWith('failed'))
          console.info(`Dogear backup (${trigger}): ${outcome}`);
      })
      .finally(() => (backupCheck = undefined));
  }
  /** Passes a save's reply on unchanged, then checks whether a backup is due. */
  async function afterSaves(states: Promise<States>): Promise<States> {
    const result = await states;
    checkBackup('save');
    return result;
  }
  checkBackup('start');

  // ---- Sync (opt-in, lib/app/sync/): runs on alarms only, since the worker may be stopped at any moment and a timer
  // would die with it. The periodic alarm is checked at every worker start; a browser start and every committed write
  // (write() above) ask for a run soon. Library-page writes ask from the page (lib/app/sync/schedule.ts syncSoon).
  browser.alarms.onAlarm.addListener((alarm) => {
    if (!isSyncAlarm(alarm.name)) return;
    void runSync(alarm.name === SYNC_SOON_ALARM ? 'after an edit' : 'every 15 minutes', { db });
  });
  browser.runtime.onStartup.addListener(() => void syncSoon());
  ensureSchedule().catch((error: unknown) => console.warn('Dogear: could not schedule sync', error));

  // ---- The index of the user's Zotero library (opt-in, lib/app/zotero/): refreshed on its alarm, which follows the
  // settings wherever they are changed (settings page, popup).
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== ZOTERO_INDEX_ALARM) return;
    void refreshZoteroIndex(db).then((outcome) => {
      if (!outcome.ok) console.info(`Dogear Zotero index: ${outcome.message}`);
    });
  });
  const zoteroSchedule = (enabled?: boolean): void =>
    void ensureZoteroSchedule(enabled).catch((error: unknown) =>
      console.warn('Dogear: could not schedule the Zotero index', error),
    );
  zoteroSchedule();
  watchZoteroSettings((settings) => zoteroSchedule(settings.index.enabled));

  // Firefox serves our pages from a per-install UUID host, not from runtime.id.
  const self = { id: browser.runtime.id, host: new URL(browser.runtime.getURL('/')).host };

  // Undo journals of the listings' bulk actions: storage.session outlives a stopped worker, and content scripts
  // cannot read it (its default access level is trusted contexts only).
  const journals = new UndoJournals(browser.storage.session);

  const handlers: Handlers = {
    lookup: async ({ keys }) => withZoteroFlags(db, keys, await lookupStates(db, keys)),
    save: ({ paper }, { source }) => afterSaves(write(savePaper(db, paper, source))),
    saveMany: ({ papers, markId }, { source }) =>
      afterSaves(write(undoable(journals, markId, (onChange) => saveMany(db, papers, source, Date.now(), onChange)))),
    unsave: ({ key }) => write(unsavePaper(db, key)),
    markSeen: ({ papers, markId }, { source }) =>
      write(
        markId === undefined
          ? markSeen(db, papers, source, undefined)
          : undoable(journals, markId, (onChange) => markSeen(db, papers, source, markId, Date.now(), onChange)),
      ),
    undo: ({ markId }) => write(undo(db, journals, markId)),
    markOpened: ({ paper }, { source }) => write(markOpened(db, paper, source)),
    // A background tab right after the listing's, so triage keeps its place; then the open is recorded.
    openPaper: async ({ paper }, { source, tab }) => {
      await browser.tabs.create({
        url: openPaperUrl(paper.key, source.site),
        active: false,
        ...(tab?.index === undefined ? {} : { index: tab.index + 1 }),
        ...(tab?.id === undefined ? {} : { openerTabId: tab.id }),
        ...(tab?.windowId === undefined ? {} : { windowId: tab.windowId }),
      });
      return write(markOpened(db, paper, source));
    },
    // The paper is recorded as met first (the send reads the stored record, with the user's tags and note).
    sendToZotero: async ({ paper }, { source }) => {
      await write(markSeen(db, [paper], source, undefined));
      const outcome = await sendToZotero(db, [paper.key]);
      const message = !outcome.ok
        ? outcome.message
        : outcome.sent > 0
          ? `Sent to Zotero (${outcome.target})`
          : 'Already in Zotero';
      const states = await withZoteroFlags(db, [paper.key], await lookupStates(db, [paper.key]));
      return { states, zotero: { ok: outcome.ok, message } };
    },
    getNote: ({ key }) => readNote(db, key),
    setNote: ({ key, note }) => write(setNote(db, key, note)),
    setTags: ({ key, tags }) => write(setTags(db, key, tags)),
  };

  // After an update the old content scripts stop (WXT invalidates their context) and open listings would stay bare
  // until reloaded: run the new content script in them. Only tabs on the listing patterns, which we already run on.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') {
      // First run: the welcome page says what the marks mean, the keys, and where the library lives.
      browser.tabs
        .create({ url: browser.runtime.getURL('/welcome.html') })
        .catch((error: unknown) => console.warn('Dogear: could not open the welcome page', error));
      return;
    }
    if (reason !== 'update') return;
    void (async () => {
      const tabs = await browser.tabs.query({ url: allMatchPatterns() }); // host permissions let us filter by URL
      await Promise.allSettled(
        tabs.map(async (tab) => {
          if (tab.id === undefined) return;
          await browser.scripting.insertCSS({ target: { tabId: tab.id }, files: ['/content-scripts/papers.css'] });
          await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/papers.js'] });
        }),
      );
    })().catch((error: unknown) => console.warn('Dogear: could not re-annotate open listings', error));
  });

  // ---- Generic mode (lib/app/generic.ts): only where the user starts it.
  // The keyboard command comes with the activeTab grant for the current tab, as the toolbar button does; the badge
  // says how many papers were found (the popup says it in words).
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== MARK_COMMAND || tab?.id === undefined) return;
    const tabId = tab.id;
    void startOnTab(tabId, tab.url).then((result) =>
      browser.action.setBadgeText({ tabId, text: 'entries' in result ? String(result.entries) : '!' }),
    );
  });
  // "Always on this site": the permission prompt can close the popup before it hears the answer; finish here.
  browser.permissions.onAdded.addListener(({ origins }) => {
    if (origins) void enableGranted(origins).catch((error: unknown) => console.warn('Dogear: generic mode', error));
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    void dispatch(raw, sender, self, handlers, genericAllowed).then(sendResponse);
    return true; // the answer is sent asynchronously
  });
});
