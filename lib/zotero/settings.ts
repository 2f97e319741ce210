/**
 * The Zotero hand-off's settings: how papers reach Zotero (desktop first, or the Web API with the user's key), and the
 * opt-in index of the user's Zotero library. Pure: the object lives under `storage.local` key `zotero` (never
 * `storage.sync`: the API key must not travel to the browser account), read and written through
 * lib/app/zotero/settings-store.ts. Every field falls back to its default when missing or damaged, so a bad stored
 * value never breaks a send.
 */
import { z } from '../zod.ts';
import { CONNECTOR_URL } from './connector.ts';
import { WEB_API_URL } from './web-api.ts';

/** The `storage.local` key holding the object. */
export const ZOTERO_KEY = 'zotero';

/** How often the background refreshes the index while it is on (lib/app/zotero/schedule.ts). */
export const INDEX_PERIOD_MINUTES = 30;

const IndexSettingsSchema = z.object({
  /** The user opted in to marking rows whose paper their Zotero has. @default false */
  enabled: z.boolean().catch(false).default(false),
  /** Read the library through Zotero desktop's local API, or the Web API with the key. @default 'local' */
  source: z.enum(['local', 'web']).catch('local').default('local'),
  /** Epoch ms of the last refresh attempt (successful unless `lastError` is set). */
  lastRun: z.number().optional().catch(undefined),
  /** Why the last refresh failed, in plain words; absent after a successful one. */
  lastError: z.string().max(2000).optional().catch(undefined),
  /** The Zotero library version the index is current to: the next refresh asks `since=<version>`. */
  version: z.int().min(0).optional().catch(undefined),
  /**
   * Which library `version` belongs to (`local`, or `web:<userId>`): a refresh from another one starts from scratch,
   * since versions of two libraries do not compare.
   */
  library: z.string().max(100).optional().catch(undefined),
});

export const ZoteroSettingsSchema = z.object({
  /** Where a send goes first. Desktop falls back to the Web API when Zotero is not running and a key is set. */
  via: z.enum(['desktop', 'web']).catch('desktop').default('desktop'),
  /** Zotero desktop's connector server. Only tests set another port (their fake's). */
  desktopUrl: z
    .string()
    .regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/)
    .catch(CONNECTOR_URL)
    .default(CONNECTOR_URL),
  /** The user's Zotero API key (zotero.org/settings/keys), for the Web API. */
  apiKey: z
    .string()
    .regex(/^[A-Za-z0-9]{8,64}$/)
    .optional()
    .catch(undefined),
  /** The key's user id, read from `/keys/current` when the key was connected. */
  userId: z.int().min(0).optional().catch(undefined),
  /** The Web API's address (tests point it at their fake). */
  webUrl: z
    .string()
    .regex(/^https?:\/\/[^/\s]+$/)
    .catch(WEB_API_URL)
    .default(WEB_API_URL),
  index: IndexSettingsSchema.catch(() => IndexSettingsSchema.parse({})).default(() => IndexSettingsSchema.parse({})),
});
export type ZoteroSettings = z.infer<typeof ZoteroSettingsSchema>;
export type ZoteroIndexSettings = ZoteroSettings['index'];

/** The stored value, or the defaults for anything missing or damaged. */
export function parseZoteroSettings(raw: unknown): ZoteroSettings {
  const parsed = ZoteroSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ZoteroSettingsSchema.parse({});
}

/**
 * The host permission pattern for an address (match patterns have no port: `http://127.0.0.1:23119` needs
 * `http://127.0.0.1/*`).
 */
export function permissionPattern(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/** The Web API can be used: a key and its user id are stored. */
export function hasWebKey(settings: ZoteroSettings): settings is ZoteroSettings & { apiKey: string; userId: number } {
  return settings.apiKey !== undefined && settings.userId !== undefined;
}

/** Which library the index reads (see `library` above). */
export function indexLibrary(settings: ZoteroSettings): string {
  return settings.index.source === 'local' ? 'local' : `web:${settings.userId ?? '?'}`;
}
