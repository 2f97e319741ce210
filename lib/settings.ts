/**
 * User settings kept in `storage.local` (small, read by content scripts directly). One zod schema with defaults: a
 * missing or damaged value falls back to its default instead of breaking the page. Pure: the stored object is read and
 * written through lib/app/settings.ts (a versioned, watched WXT storage item).
 */
import { z } from './zod.ts';

export const VIEW_MODES = ['all', 'dim-seen', 'hide-seen', 'only-new'] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

export const SettingsSchema = z.object({
  /** Single-key shortcuts on listing pages (j/k/s/n/t/x/o/h/?). @default true */
  keyboard: z.boolean().catch(true).default(true),
  /** Share of a row that must be on screen to count as looked at. @default 0.5 */
  seenThreshold: z.number().min(0.1).max(1).catch(0.5).default(0.5),
  /** How long a row must stay on screen to become seen, in ms. @default 1000 */
  seenDwellMs: z.int().min(200).max(10_000).catch(1000).default(1000),
  /** View mode per site adapter id. @default {} (every site: 'all') */
  viewMode: z.record(z.string(), z.enum(VIEW_MODES).catch('all')).catch({}).default({}),
  /** Whether the page bar is collapsed, per site adapter id. @default {} */
  barCollapsed: z.record(z.string(), z.boolean().catch(false)).catch({}).default({}),
  /**
   * Writes each entry's state to the page (`data-dogear-state`, `-fresh`, `-selected`, `-current`): lets the user's own
   * CSS and scripts style by state, and lets the site read it too. Off, the page's scripts cannot tell one paper's
   * state from another's. @default false
   */
  pageStateAttributes: z.boolean().catch(false).default(false),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** The `storage.local` key holding the settings object. */
export const SETTINGS_KEY = 'settings';

export function parseSettings(raw: unknown): Settings {
  const parsed = SettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : SettingsSchema.parse({});
}
