/**
 * The visible mark of one listing entry: a bar down its left edge in the colour of its most important state, and, over
 * the entry, the keyboard's current-entry outline, the selection tint and the "dim seen" wash. Drawn inside a closed
 * shadow root whose host has the entry's size whatever its state, and lets every pointer event through, so the page can
 * neither read nor hit-test what it shows. Props in, markup out.
 */
import { primaryMark, type RowStateToken } from '../lib/paper/state.ts';
import type { Theme } from './marks.ts';

export interface RowMarkProps {
  states: readonly RowStateToken[];
  theme: Theme;
  current: boolean;
  selected: boolean;
  /** The "dim seen" view applies to this row. */
  dimmed: boolean;
  /** The bar sits inside the entry's left edge (entries that clip their overflow) rather than in the gutter. */
  inside: boolean;
}

export function RowMark({ states, theme, current, selected, dimmed, inside }: RowMarkProps) {
  const kind = primaryMark(states);
  return (
    <div class={`mark ${kind}${inside ? ' inside' : ''}`} data-theme={theme}>
      {dimmed ? <div class="wash" /> : null}
      {selected ? <div class="tint" /> : null}
      {current ? <div class="outline" /> : null}
      <div class="bar" />
    </div>
  );
}
