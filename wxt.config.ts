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
    // storage: none of chrome.storage is used yet, IndexedDB needs no permission; unlimitedStorage keeps the library
    // out of quota eviction (reference/security-reliability-performance.md B4).
    permissions: ['unlimitedStorage'],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'",
    },
    action: { default_title: 'Dogear' },
  },
});
