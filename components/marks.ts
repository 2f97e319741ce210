/**
 * The colours of Dogear's marks, one home for the listing UI (row bar and chips, page bar key), the welcome page and
 * the popup. Bars need 3:1 against the page background, chip text 4.5:1 on its chip background (WCAG AA), in both
 * themes; tests/e2e measure them on the rendered pages.
 */
export type MarkKind = 'new' | 'seen' | 'saved' | 'noted' | 'updated' | 'opened' | 'zotero';

export interface MarkColours {
  /** The bar beside the entry. */
  bar: string;
  /** Chip background and text. */
  chip: string;
  chipText: string;
}

export type Theme = 'light' | 'dark';

export const MARKS: Record<Theme, Record<MarkKind, MarkColours>> = {
  light: {
    new: { bar: '#1d4ed8', chip: '#dbeafe', chipText: '#1e3a8a' },
    seen: { bar: '#6b7280', chip: '#f3f4f6', chipText: '#374151' },
    saved: { bar: '#b45309', chip: '#fef3c7', chipText: '#78350f' },
    noted: { bar: '#0f766e', chip: '#ccfbf1', chipText: '#134e4a' },
    updated: { bar: '#6d28d9', chip: '#ede9fe', chipText: '#4c1d95' },
    opened: { bar: '#6b7280', chip: '#f3f4f6', chipText: '#374151' },
    /** Zotero's red: the paper is in the user's Zotero (a chip and the Send to Zotero button, no bar of its own). */
    zotero: { bar: '#b91c1c', chip: '#fee2e2', chipText: '#7f1d1d' },
  },
  dark: {
    new: { bar: '#60a5fa', chip: '#1e3a8a', chipText: '#dbeafe' },
    seen: { bar: '#9ca3af', chip: '#374151', chipText: '#f3f4f6' },
    saved: { bar: '#fbbf24', chip: '#78350f', chipText: '#fef3c7' },
    noted: { bar: '#2dd4bf', chip: '#134e4a', chipText: '#ccfbf1' },
    updated: { bar: '#a78bfa', chip: '#4c1d95', chipText: '#ede9fe' },
    opened: { bar: '#9ca3af', chip: '#374151', chipText: '#f3f4f6' },
    zotero: { bar: '#f87171', chip: '#7f1d1d', chipText: '#fee2e2' },
  },
};
