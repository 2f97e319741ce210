/**
 * Light or dark, as the site shows itself: read from the page's own background colour (Hugging Face's `dark` class on
 * `<html>`, a site following `prefers-color-scheme`, a reader extension's dark mode — whatever paints the page), so
 * Dogear's marks always contrast with what is under them. Watched: Hugging Face switches theme without a reload.
 */
import type { Theme } from '../../components/marks.ts';
import { onAbort } from './lifetime.ts';

/** Relative luminance (WCAG 2) of a CSS `rgb()`/`rgba()` colour; undefined for transparent or unreadable values. */
export function luminance(colour: string): number | undefined {
  const match = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)/.exec(colour);
  if (!match) return undefined;
  const alpha =
    match[4] === undefined ? 1 : match[4].endsWith('%') ? Number.parseFloat(match[4]) / 100 : Number(match[4]);
  if (alpha < 0.5) return undefined;
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => {
    const c = Number(part) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The theme of what is painted behind `element`: the first opaque background up its ancestors, else the canvas. */
export function themeBehind(element: Element): Theme {
  const win = element.ownerDocument.defaultView;
  if (!win) return 'light';
  for (let node: Element | null = element; node; node = node.parentElement) {
    const value = luminance(win.getComputedStyle(node).backgroundColor);
    if (value !== undefined) return value < 0.2 ? 'dark' : 'light';
  }
  // Nothing opaque: the canvas follows the page's color-scheme, else white.
  const scheme = win.getComputedStyle(element.ownerDocument.documentElement).colorScheme;
  return scheme.includes('dark') && win.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `onChange` when the page may have changed theme (class/style on <html> or <body>, the OS scheme). */
export function watchTheme(doc: Document, onChange: () => void, signal: AbortSignal): void {
  const win = doc.defaultView as Window & typeof globalThis;
  const observer = new win.MutationObserver(onChange);
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  if (doc.body) observer.observe(doc.body, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  const media = win.matchMedia?.('(prefers-color-scheme: dark)');
  media?.addEventListener('change', onChange, { signal });
  onAbort(signal, () => observer.disconnect());
}
