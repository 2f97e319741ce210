import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { allMatchPatterns } from './lib/sites/registry.ts';

/** The listing sites' origins: the content script's hosts, nothing more (Chrome ignores paths here anyway). */
const LISTING_ORIGINS = [
  ...new Set(allMatchPatterns().map((pattern) => `${new URL(pattern.replaceAll('*', 'x')).origin}/*`)),
];

/**
 * A test build's extra host permissions: `DOGEAR_TEST_HOSTS=http://127.0.0.1/*` (comma-separated match patterns) lets
 * the sync E2E reach its loopback WebDAV server, since a test cannot click the browser's permission prompt. Unset in
 * every release build, which asks for the user's server at the click instead.
 */
const TEST_HOSTS = (process.env.DOGEAR_TEST_HOSTS ?? '')
  .split(',')
  .map((pattern) => pattern.trim())
  .filter((pattern) => pattern !== '');

/** Dogear's add-on id in Firefox. */
const GECKO_ID = 'dogear@dogear.extension';

// https://wxt.dev/api/config.html
export default defineConfig({
  // Core logic lives in lib/ with explicit imports; nothing is auto-imported, so every dependency is visible at the import line.
  imports: false,
  // DOGEAR_OUT_DIR lets parallel work trees build and test side by side without clobbering one .output/.
  outDir: process.env.DOGEAR_OUT_DIR ?? '.output',
  vite: () => ({ plugins: [preact()] }),
  // MV3 in every browser: WXT's Firefox default is MV2.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Dogear',
    description:
      'Marks what you have seen, saved and noted on paper digests. Local-first: no account; optional sync through your own WebDAV server.',
    // unlimitedStorage keeps the library (IndexedDB, extension origin) out of quota eviction;
    // storage holds the small settings (view mode per site,
    // keyboard on/off) that content scripts read directly; scripting re-annotates open listings after an update,
    // limited to the listing hosts the content script already runs on. activeTab lets generic mode run on the current
    // tab when the user clicks the toolbar button's "Mark papers on this page" or presses its command, with no host
    // permission. alarms wakes the worker to sync (every 15 minutes and shortly after an edit, only while the user has
    // sync on): a timer would die with the stopped worker.
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'activeTab', 'alarms'],
    // Automatic backups to the Downloads folder are opt-in: `downloads` is asked for only when the user turns them on
    // in the library's settings (least privilege).
    optional_permissions: ['downloads'],
    // Generic mode's "Always on this site" and sync's server each ask for that one origin, at that click; settings give
    // it back.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Generic mode on the current tab without opening the popup (activeTab is granted by the command too).
    commands: {
      'mark-papers': {
        suggested_key: { default: 'Alt+Shift+D' },
        description: 'Mark papers on this page',
      },
    },
    // scripting needs host access to re-run the content script in tabs already open: the listing sites the content
    // script runs on, nothing more.
    host_permissions: [...LISTING_ORIGINS, ...TEST_HOSTS],
    // The note editor runs as an extension page in an iframe, so the page's scripts never see note text. Only that
    // page is exposed, and only under an address a page cannot guess (no fingerprinting).
    web_accessible_resources: [
      {
        resources: ['note.html'],
        // Generic mode runs on any site the user starts it on, so the note frame must load on any site. Pages cannot
        // probe for it: Chrome serves it under a per-session URL, Firefox under a per-install random host.
        matches: ['https://*/*', 'http://*/*'],
        // Firefox does not know the key and warns about it (its moz-extension:// host is already random per profile).
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'",
    },
    action: { default_title: 'Dogear' },
    // Firefox's MV3 needs an add-on id (a profile keeps the add-on's data under it), and
    // Firefox asks every new add-on which data it sends away: none. 140 is the first Firefox that reads that answer.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
