/**
 * The library settings' Zotero section (README "Zotero"): where papers sent to Zotero go (Zotero desktop on this
 * computer, or zotero.org with an API key), the opt-in index that marks on listings the papers the user's Zotero
 * already has, and what was sent and indexed. The service (lib/app/zotero/service.ts) does the work and keeps the
 * settings in `storage.local`; this section shows them and says every outcome in words, in its live regions.
 *
 * Each button that needs a host permission (Zotero's local server, api.zotero.org) asks for it before anything else is
 * awaited: the browser's prompt needs the click's gesture.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import { friendlyError } from '../../lib/app/errors.ts';
import {
  connectWebApi,
  disconnectWebApi,
  loadZoteroSettings,
  refreshZoteroIndex,
  requestZoteroPermission,
  setZoteroIndexEnabled,
  updateZoteroSettings,
  zoteroCounts,
  zoteroTarget,
} from '../../lib/app/zotero/service.ts';
import { watchZoteroSettings } from '../../lib/app/zotero/settings-store.ts';
import { plural } from '../plural.ts';
import { useLiveQuery } from '../use-live-query.ts';

type Settings = Awaited<ReturnType<typeof loadZoteroSettings>>;
type Via = 'desktop' | 'web';
type Source = 'local' | 'web';
type Status = { kind: 'info' | 'error'; text: string };
type Target = { name: string; editable: boolean };

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function ZoteroSettings({ db }: { db: AppDB }) {
  const [settings, setSettings] = useState<Settings>();
  const [target, setTarget] = useState<Target>();
  const [apiKey, setApiKey] = useState('');
  const [status, setStatus] = useState<Status>();
  const [busy, setBusy] = useState(false);
  // Live: sends from a listing or the popup count here at once.
  const counts = useLiveQuery(() => zoteroCounts(db));

  useEffect(() => {
    // The background refreshes the index on its own (lib/app/zotero/schedule.ts): its outcome shows here too.
    const unwatch = watchZoteroSettings(setSettings);
    void loadZoteroSettings().then((loaded) => {
      setSettings(loaded);
      // Where papers would go, when Zotero desktop is the way and answers; nothing is said when it does not (not
      // started, or not connected yet): the user has not asked anything.
      if (loaded.via === 'desktop') {
        void zoteroTarget()
          .then((found) => {
            if (found.ok) setTarget({ name: found.name, editable: found.editable });
          })
          .catch(() => undefined);
      }
    });
    return unwatch;
  }, []);

  /** Runs service work with the section busy; what it returns becomes the status line, a throw an error line. */
  async function perform(work: () => Promise<Status | undefined>): Promise<void> {
    setBusy(true);
    try {
      const next = await work();
      if (next !== undefined) setStatus(next);
    } catch (error) {
      setStatus({ kind: 'error', text: friendlyError(error) });
    } finally {
      setSettings(await loadZoteroSettings());
      setBusy(false);
    }
  }

  function connectDesktop(): void {
    setStatus({ kind: 'info', text: 'Connecting to Zotero on this computer…' });
    // Asked first, in the click (see the file comment).
    const asked = requestZoteroPermission('desktop');
    void perform(async () => {
      if (!(await asked)) {
        return { kind: 'error', text: 'Dogear may not talk to Zotero: the browser’s permission was not granted.' };
      }
      await updateZoteroSettings((current) => ({ ...current, via: 'desktop' }));
      const found = await zoteroTarget();
      if (!found.ok) {
        setTarget(undefined);
        return { kind: 'error', text: found.message };
      }
      setTarget({ name: found.name, editable: found.editable });
      return { kind: 'info', text: 'Zotero desktop is connected.' };
    });
  }

  function connectWeb(event: Event): void {
    event.preventDefault();
    const key = apiKey.trim();
    if (key === '') {
      setStatus({ kind: 'error', text: 'Paste your Zotero API key first (zotero.org/settings/keys).' });
      return;
    }
    setStatus({ kind: 'info', text: 'Checking the key with zotero.org…' });
    const asked = requestZoteroPermission('web');
    void perform(async () => {
      if (!(await asked)) {
        return { kind: 'error', text: 'Dogear may not talk to zotero.org: the browser’s permission was not granted.' };
      }
      const connected = await connectWebApi(key);
      if (!connected.ok) return { kind: 'error', text: connected.message };
      setApiKey('');
      return { kind: 'info', text: 'zotero.org is connected: papers go to your online library.' };
    });
  }

  function disconnectWeb(): void {
    void perform(async () => {
      await disconnectWebApi();
      return { kind: 'info', text: 'The API key was removed from this browser.' };
    });
  }

  function chooseVia(via: Via): void {
    void perform(async () => {
      await updateZoteroSettings((current) => ({ ...current, via }));
      return undefined;
    });
  }

  /** Turns the index on (asking for its source's permission in the click, then reading the library) or off. */
  function toggleIndex(on: boolean): void {
    if (settings === undefined) return;
    if (!on) {
      void perform(async () => {
        await setZoteroIndexEnabled(db, false);
        return { kind: 'info', text: 'Listings no longer mark papers from your Zotero; its index was emptied.' };
      });
      return;
    }
    const source = settings.index.source;
    const asked = requestZoteroPermission(source === 'local' ? 'desktop' : 'web');
    setStatus({ kind: 'info', text: 'Reading your Zotero library…' });
    void perform(async () => {
      if (!(await asked)) {
        return { kind: 'error', text: 'The index stays off: the browser’s permission was not granted.' };
      }
      const outcome = await setZoteroIndexEnabled(db, true);
      return outcome === undefined ? undefined : describeRefresh(outcome);
    });
  }

  function chooseSource(source: Source): void {
    if (settings === undefined) return;
    const asked = settings.index.enabled ? requestZoteroPermission(source === 'local' ? 'desktop' : 'web') : undefined;
    void perform(async () => {
      if (asked !== undefined && !(await asked)) {
        return { kind: 'error', text: 'The source was not changed: the browser’s permission was not granted.' };
      }
      if (!settings.index.enabled) {
        await updateZoteroSettings((current) => ({ ...current, index: { ...current.index, source } }));
        return undefined;
      }
      // Another library: the index is read again from it.
      const outcome = await setZoteroIndexEnabled(db, true, source);
      return outcome === undefined ? undefined : describeRefresh(outcome);
    });
  }

  function updateNow(): void {
    if (settings === undefined) return;
    const asked = requestZoteroPermission(settings.index.source === 'local' ? 'desktop' : 'web');
    setStatus({ kind: 'info', text: 'Reading your Zotero library…' });
    void perform(async () => {
      if (!(await asked)) return { kind: 'error', text: 'The browser’s permission was not granted.' };
      return describeRefresh(await refreshZoteroIndex(db));
    });
  }

  const via: Via = settings?.via ?? 'desktop';
  const webConnected = settings?.userId !== undefined;
  const lastRun = settings?.index.lastRun;
  const lastError = settings?.index.lastError;

  return (
    <section class="zotero-settings" aria-labelledby="zotero-heading" aria-busy={busy}>
      <h3 id="zotero-heading">Zotero</h3>
      <p>
        <em>Send to Zotero</em> (on a listing’s rows, in the popup and on the library’s selection) puts papers in your
        Zotero library with their authors, identifiers, tags and note. Dogear talks only to Zotero on this computer or
        to zotero.org, and only when you send or update.
      </p>
      {settings === undefined ? (
        <p>Loading…</p>
      ) : (
        <>
          <fieldset class="zotero-via">
            <legend>Send papers through</legend>
            <label class="choice">
              <input
                type="radio"
                name="zotero-via"
                value="desktop"
                checked={via === 'desktop'}
                disabled={busy}
                onChange={() => chooseVia('desktop')}
              />
              Zotero desktop on this computer
            </label>
            <label class="choice">
              <input
                type="radio"
                name="zotero-via"
                value="web"
                checked={via === 'web'}
                disabled={busy}
                onChange={() => chooseVia('web')}
              />
              zotero.org (with an API key)
            </label>
          </fieldset>

          {via === 'desktop' ? (
            <div class="zotero-desktop">
              <p class="hint">
                Start Zotero (7 or later), then connect: the browser asks once to let Dogear reach Zotero’s connector on
                this computer (<code>127.0.0.1:23119</code>). Papers go to the library or collection selected in
                Zotero’s window.
              </p>
              <div class="zotero-actions">
                <button type="button" class="zotero-connect-desktop" disabled={busy} onClick={connectDesktop}>
                  Connect Zotero desktop
                </button>
              </div>
              {target === undefined ? null : (
                <p class="zotero-target">
                  Papers go to: <strong>{target.name}</strong>
                  {target.editable ? null : (
                    <span class="zotero-warning">
                      {' '}
                      — read-only: select a library or collection you can edit in Zotero.
                    </span>
                  )}
                </p>
              )}
            </div>
          ) : (
            <form class="zotero-web" onSubmit={connectWeb} noValidate>
              <p class="hint" id="zotero-key-hint">
                Make a key at{' '}
                <a href="https://www.zotero.org/settings/keys/new" target="_blank" rel="noopener noreferrer">
                  zotero.org/settings/keys
                </a>{' '}
                with “Allow library access” and “Allow write access”. The key stays in this browser.
              </p>
              {webConnected ? (
                <p class="zotero-web-connected">
                  Connected to zotero.org{settings.userId === undefined ? '' : ` (user ${settings.userId})`}. Paste
                  another key to replace it, or{' '}
                  <button type="button" class="zotero-disconnect-web" disabled={busy} onClick={disconnectWeb}>
                    Forget the key
                  </button>
                </p>
              ) : null}
              <div class="zotero-fields">
                <label for="zotero-api-key">Zotero API key</label>
                <input
                  id="zotero-api-key"
                  aria-describedby="zotero-key-hint"
                  type="password"
                  autoComplete="off"
                  spellcheck={false}
                  value={apiKey}
                  onInput={(event) => setApiKey(event.currentTarget.value)}
                />
              </div>
              <div class="zotero-actions">
                <button type="submit" class="zotero-connect-web" disabled={busy}>
                  Connect zotero.org
                </button>
              </div>
            </form>
          )}

          <fieldset class="zotero-index">
            <legend>In your Zotero</legend>
            <label>
              <input
                type="checkbox"
                class="zotero-index-enabled"
                aria-describedby="zotero-index-hint"
                checked={settings.index.enabled}
                disabled={busy}
                onClick={(event) => {
                  // The permission prompt must come from this click: decide here, and let the stored state drive `checked`.
                  event.preventDefault();
                  toggleIndex(!settings.index.enabled);
                }}
              />{' '}
              Mark papers already in my Zotero
            </label>
            <p class="hint" id="zotero-index-hint">
              Listings then show a Zotero mark on papers your Zotero library has. Dogear keeps a list of your Zotero
              items’ DOIs, arXiv ids and addresses in this browser, and nowhere else.
            </p>
            <fieldset class="zotero-source" disabled={busy}>
              <legend>Read the library from</legend>
              <label class="choice">
                <input
                  type="radio"
                  name="zotero-source"
                  value="local"
                  checked={settings.index.source === 'local'}
                  onChange={() => chooseSource('local')}
                />
                Zotero desktop (turn on “Allow other applications on this computer to communicate with Zotero” in
                Zotero’s settings → Advanced)
              </label>
              <label class="choice">
                <input
                  type="radio"
                  name="zotero-source"
                  value="web"
                  checked={settings.index.source === 'web'}
                  onChange={() => chooseSource('web')}
                />
                zotero.org (with the API key above)
              </label>
            </fieldset>
            <div class="zotero-actions">
              <button
                type="button"
                class="zotero-update-index"
                disabled={busy || !settings.index.enabled}
                onClick={updateNow}
              >
                Update now
              </button>
              <span class="zotero-last-run">
                Last update: {lastRun === undefined ? 'never' : timeFormat.format(lastRun)}
              </span>
            </div>
            {lastError === undefined ? null : <p class="zotero-error">The last update failed: {lastError}</p>}
          </fieldset>

          <p class="zotero-counts">
            {counts.status === 'ready'
              ? `Sent from Dogear: ${plural(counts.value.sent, 'paper')}. In the index: ${plural(counts.value.indexed, 'paper')}.`
              : counts.status === 'error'
                ? `Could not count: ${counts.error}`
                : 'Counting…'}
          </p>
        </>
      )}
      {/* Both always present (empty when unused), so screen readers announce what is written into them. */}
      <p class="zotero-message info" role="status">
        {status?.kind === 'info' ? status.text : ''}
      </p>
      <p class="zotero-message error" role="alert">
        {status?.kind === 'error' ? status.text : ''}
      </p>
    </section>
  );
}

function describeRefresh(
  result: { ok: true; items: number; matched: number } | { ok: false; message: string },
): Status {
  if (!result.ok) return { kind: 'error', text: result.message };
  if (result.items === 0)
    return { kind: 'info', text: 'Index updated: nothing changed in your Zotero since the last update.' };
  return {
    kind: 'info',
    text: `Index updated: read ${plural(result.items, 'Zotero item')}, naming ${plural(result.matched, 'paper')}.`,
  };
}
