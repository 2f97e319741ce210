/**
 * Sync's off state: what sync stores where, and the two ways to set it up: Nextcloud (server address → its login page
 * in a new tab → an app password made for Dogear) or any other WebDAV server (folder URL, user name, app password). An
 * optional passphrase encrypts the server's files.
 *
 * Each button's click asks the browser for that one server's permission before anything else (the prompt needs the
 * click's gesture): the parent's `onWebDav` / `onNextcloud` call the service at once, and the address is checked here
 * synchronously first, so a typo never reaches the prompt.
 */
import { useState } from 'preact/hooks';
import { checkSyncUrl, type SyncKind } from '../../../lib/sync/settings.ts';

export interface SetupValues {
  url: string;
  user: string;
  password: string;
  passphrase: string;
}

export interface SyncSetupProps {
  /** Values to start from (a server set up before). */
  initial: { kind: SyncKind; url: string; user: string };
  busy: boolean;
  /** Set while the Nextcloud login tab is open: the page waits for the user there. */
  waitingForLogin: boolean;
  onWebDav: (values: SetupValues) => void;
  onNextcloud: (server: string, passphrase: string) => void;
  onStopLogin: () => void;
}

export function SyncSetup({ initial, busy, waitingForLogin, onWebDav, onNextcloud, onStopLogin }: SyncSetupProps) {
  const [kind, setKind] = useState<SyncKind>(initial.kind);
  const [server, setServer] = useState(initial.kind === 'nextcloud' ? initial.url : '');
  const [url, setUrl] = useState(initial.kind === 'webdav' ? initial.url : '');
  const [user, setUser] = useState(initial.user);
  const [password, setPassword] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<{ field: 'server' | 'url' | 'user' | 'password'; text: string }>();

  const invalid = (field: NonNullable<typeof problem>['field']) =>
    problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'sync-problem' } : {};

  function submit(event: Event): void {
    event.preventDefault();
    setProblem(undefined);
    if (kind === 'nextcloud') {
      const checked = checkSyncUrl(server, false);
      if (!checked.ok) return setProblem({ field: 'server', text: checked.reason });
      onNextcloud(server, passphrase);
      return;
    }
    const checked = checkSyncUrl(url);
    if (!checked.ok) return setProblem({ field: 'url', text: checked.reason });
    if (user.trim() === '') return setProblem({ field: 'user', text: 'Enter the user name for this server.' });
    if (password === '') return setProblem({ field: 'password', text: 'Enter an app password for this server.' });
    onWebDav({ url, user: user.trim(), password, passphrase });
  }

  return (
    // noValidate: the address rules are checkSyncUrl's (an address without https:// is fine), not the browser's url type.
    <form class="sync-setup" onSubmit={submit} aria-busy={busy} noValidate>
      <p>
        Keeps this library in step with Dogear in your other browsers, through a folder on your own WebDAV server
        (Nextcloud, ownCloud, a NAS…). Dogear writes change files and snapshots under <code>Dogear/v1/</code> in that
        folder, encrypted when you set a passphrase, and asks before a change from another browser deletes or unsaves
        many of your papers (over a fifth of them, or over 1,000). The address, user name and app password stay in this
        browser’s local storage; nothing goes anywhere else.
      </p>
      <fieldset class="sync-kind">
        <legend>Server</legend>
        <label class="choice">
          <input
            type="radio"
            name="sync-kind"
            value="nextcloud"
            checked={kind === 'nextcloud'}
            onChange={() => setKind('nextcloud')}
          />
          Nextcloud
        </label>
        <label class="choice">
          <input
            type="radio"
            name="sync-kind"
            value="webdav"
            checked={kind === 'webdav'}
            onChange={() => setKind('webdav')}
          />
          Other WebDAV server
        </label>
      </fieldset>

      {kind === 'nextcloud' ? (
        <div class="sync-fields">
          <label for="sync-server">Nextcloud server</label>
          <input
            id="sync-server"
            type="url"
            inputMode="url"
            autoComplete="url"
            placeholder="https://cloud.example.org"
            value={server}
            onInput={(event) => setServer(event.currentTarget.value)}
            {...invalid('server')}
          />
          <p class="hint">
            Dogear opens your Nextcloud’s login page in a new tab; log in there and grant access. Nextcloud then makes
            an app password for Dogear alone, which you can revoke there at any time.
          </p>
        </div>
      ) : (
        <div class="sync-fields">
          <label for="sync-url">WebDAV folder URL</label>
          <input
            id="sync-url"
            type="url"
            inputMode="url"
            autoComplete="url"
            placeholder="https://dav.example.org/remote.php/dav/files/me/"
            aria-describedby="sync-url-hint"
            value={url}
            onInput={(event) => setUrl(event.currentTarget.value)}
            {...invalid('url')}
          />
          <p class="hint" id="sync-url-hint">
            An https address. Plain http is accepted only for a server on this computer (localhost, 127.0.0.1), because
            anywhere else the password and your library would cross the network unencrypted.
          </p>
          <label for="sync-user">User name</label>
          <input
            id="sync-user"
            type="text"
            autoComplete="username"
            value={user}
            onInput={(event) => setUser(event.currentTarget.value)}
            {...invalid('user')}
          />
          <label for="sync-password">App password</label>
          <input
            id="sync-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
            {...invalid('password')}
          />
        </div>
      )}

      <div class="sync-fields">
        <label for="sync-passphrase">Encryption passphrase (optional)</label>
        <input
          id="sync-passphrase"
          type="password"
          autoComplete="new-password"
          aria-describedby="sync-passphrase-hint"
          value={passphrase}
          onInput={(event) => setPassphrase(event.currentTarget.value)}
        />
        <p class="hint sync-passphrase-warning" id="sync-passphrase-hint">
          With a passphrase, the server only ever sees encrypted files. Use the same one in every browser. If it is
          lost, the copy on the server cannot be read by anyone, Dogear included; the library in each browser stays.
        </p>
      </div>

      {problem === undefined ? null : (
        <p class="settings-status error" id="sync-problem" role="alert">
          {problem.text}
        </p>
      )}

      <div class="sync-actions">
        {kind === 'nextcloud' ? (
          waitingForLogin ? (
            <>
              <p class="sync-waiting" role="status">
                Log in to Nextcloud in the tab that opened and choose <em>Grant access</em>. Waiting for it…
              </p>
              <button type="button" class="sync-stop-login" onClick={onStopLogin}>
                Stop waiting
              </button>
            </>
          ) : (
            <button type="submit" class="primary sync-nextcloud" disabled={busy}>
              Log in with Nextcloud
            </button>
          )
        ) : (
          <button type="submit" class="primary sync-turn-on" disabled={busy}>
            Turn on sync
          </button>
        )}
      </div>
    </form>
  );
}
