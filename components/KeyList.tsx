/**
 * The listing's single-key shortcuts as a definition list: one rendering for the page bar (its "?" panel) and the
 * welcome page, so the two cannot drift. Props in, markup out.
 */
import { KEYS } from './keys.ts';

export function KeyList({ class: className }: { class?: string }) {
  return (
    <dl class={className}>
      {KEYS.map(([key, action]) => (
        <div>
          <dt>
            <kbd>{key}</kbd>
          </dt>
          <dd>{action}</dd>
        </div>
      ))}
    </dl>
  );
}
