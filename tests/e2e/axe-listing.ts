/**
 * axe-core on Dogear's UI _inside_ a listing: its marks, controls and page bar live in closed shadow roots, which axe
 * in the page cannot enter. So axe runs in Dogear's own content-script world (tests/support/closed-ui.ts), where
 * `Element.prototype.shadowRoot` is made to return closed roots too (that world's prototypes are its own: the page
 * never sees the change). Only violations on Dogear's elements count: the site's own markup is not ours to fix.
 */
import type { ClosedUi } from '../support/closed-ui.ts';
import { AXE_SOURCE, type AxeViolation } from './axe.ts';

const HOSTS = '[data-dogear-ui], [data-dogear-mark], [data-dogear-bar], [data-dogear-note-host]';

/**
 * The serious and critical violations on Dogear's elements, and how many of Dogear's elements axe checked and passed
 * (so a run that never saw inside the closed roots cannot pass unnoticed).
 */
export async function runAxeOnDogear(ui: ClosedUi): Promise<{ violations: AxeViolation[]; passedOnDogear: number }> {
  await ui.evaluate((_, open) => {
    Object.defineProperty(Element.prototype, 'shadowRoot', {
      configurable: true,
      get(this: Element) {
        // The API takes HTML elements only (SVG and MathML elements have no shadow roots to open anyway).
        return this instanceof HTMLElement ? open(this) : null;
      },
    });
  });
  if (!(await ui.evaluate(() => 'axe' in globalThis))) await ui.evaluateSource(AXE_SOURCE);
  return ui.evaluate(
    async ({ hosts }) => {
      interface Result {
        id: string;
        impact?: string | null;
        help: string;
        helpUrl: string;
        nodes: { element?: Element; target: unknown[]; failureSummary?: string }[];
      }
      const axe = (
        globalThis as unknown as {
          axe: { run(context: Document, options: object): Promise<{ violations: Result[]; passes: Result[] }> };
        }
      ).axe;
      const { violations, passes } = await axe.run(document, { elementRef: true });
      const ours = (element: Element | undefined): boolean => {
        if (!element) return false;
        if (element.matches(hosts)) return true;
        const root = element.getRootNode();
        return root instanceof ShadowRoot && root.host.matches(hosts);
      };
      const found = violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => ({
          id: violation.id,
          impact: violation.impact as 'serious' | 'critical',
          help: violation.help,
          helpUrl: violation.helpUrl,
          nodes: violation.nodes
            .filter((node) => ours(node.element))
            .map((node) => ({ target: JSON.stringify(node.target), summary: node.failureSummary ?? '' })),
        }))
        .filter((violation) => violation.nodes.length > 0);
      return {
        violations: found,
        passedOnDogear: passes.flatMap((pass) => pass.nodes).filter((node) => ours(node.element)).length,
      };
    },
    { hosts: HOSTS },
  );
}
