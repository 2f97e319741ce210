import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// https://wxt.dev/api/config.html
export default defineConfig({
  // Core logic lives in lib/ with explicit imports; nothing is auto-imported (STYLE.md, "Avoid").
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Dogear',
    description: 'Marks what you have seen, saved and noted on paper digests. Local-first: no account, no network.',
    // unlimitedStorage keeps the library (IndexedDB, extension origin) out of quota eviction
    // (reference/security-reliability-performance.md B4); storage holds the small settings (view mode per site,
    // keyboard on/off) that content scripts read directly; scripting re-annotates open listings after an update,
    // limited to the listing hosts the content script already runs on.
    permissions: ['storage', 'unlimitedStorage', 'scripting'],
    // The note editor runs as an extension page in an iframe, so the page's scripts never see note text. Only that
    // page is exposed, only to the listing sites, and only under a per-session URL (no fingerprinting).
    web_accessible_resources: [
      {
        resources: ['note.html'],
        matches: ['https://huggingface.co/*', 'https://arxiv.org/*'],
        use_dynamic_url: true,
      },
    ],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'",
    },
    action: { default_title: 'Dogear' },
  },
});
