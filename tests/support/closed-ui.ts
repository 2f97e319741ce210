/**
 * Reaching Dogear's UI inside its _closed_ shadow roots, as a test (or the demo) must: the page's own scripts cannot,
 * and neither can Playwright's locators. Code is evaluated in the content script's isolated world over the DevTools
 * protocol, where `chrome.dom.openOrClosedShadowRoot` opens any root; clicks are then made with the real mouse at the
 * element's box, so they arrive as trusted events (Dogear ignores untrusted ones).
 */
import type { CDPSession, Page } from '@playwright/test';

export interface UiElement {
  text: string;
  /** Viewport coordinates. */
  box: { x: number; y: number; width: number; height: number };
  attributes: Record<string, string>;
  /** True when the element is shown (has a box and is not `visibility: hidden`). */
  visible: boolean;
  disabled: boolean;
}

interface Context {
  id: number;
  origin: string;
  frameId: string;
}

/** Runs functions in Dogear's content-script world of `page`'s main frame. */
export class ClosedUi {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly contexts: Map<number, Context>,
  ) {}

  static async attach(page: Page): Promise<ClosedUi> {
    const cdp = await page.context().newCDPSession(page);
    const contexts = new Map<number, Context>();
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = context.auxData as { type?: string; frameId?: string } | undefined;
      if (aux?.type === 'isolated' && context.origin.startsWith('chrome-extension://')) {
        contexts.set(context.id, { id: context.id, origin: context.origin, frameId: aux.frameId ?? '' });
      }
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
    await cdp.send('Runtime.enable');
    return new ClosedUi(page, cdp, contexts);
  }

  private async contextId(): Promise<number> {
    const mainFrame = (await this.cdp.send('Page.getFrameTree')).frameTree.frame.id;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = [...this.contexts.values()].filter((context) => context.frameId === mainFrame).at(-1);
      if (found) return found.id;
      if (Date.now() > deadline) throw new Error("Dogear's content script world did not appear in this page");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Evaluates `fn(arg)` in the content script's world. Inside, `open(host)` returns a host's shadow root, open or
   * closed. `fn` must be self-contained (it is sent as source text).
   */
  async evaluate<T, A = undefined>(
    fn: (arg: A, open: (host: Element) => ShadowRoot | null) => T | Promise<T>,
    arg?: A,
  ): Promise<T> {
    const expression = `(${fn.toString()})(${JSON.stringify(arg ?? null)}, (host) => host && chrome.dom.openOrClosedShadowRoot(host))`;
    const result = await this.cdp.send('Runtime.evaluate', {
      expression,
      contextId: await this.contextId(),
      awaitPromise: true,
      returnByValue: true,
    });
    if (result.exceptionDetails) {
      throw new Error(
        `in Dogear's world: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`,
      );
    }
    return result.result.value as T;
  }

  /** Evaluates script text (a library such as axe-core) in the content script's world. */
  async evaluateSource(source: string): Promise<void> {
    const result = await this.cdp.send('Runtime.evaluate', { expression: source, contextId: await this.contextId() });
    if (result.exceptionDetails) throw new Error(`in Dogear's world: ${result.exceptionDetails.text}`);
  }

  /**
   * Every element matching `inner` inside the shadow roots of the hosts matching `host` (a page selector, e.g.
   * `[data-dogear-bar]` or `dt[data-dogear-id="arxiv:…"] [data-dogear-ui]`), in document order.
   */
  async query(host: string, inner: string): Promise<UiElement[]> {
    return this.evaluate(
      ({ host, inner }, open) =>
        [...document.querySelectorAll(host)].flatMap((element) => {
          const root = open(element);
          if (!root) return [];
          return [...root.querySelectorAll(inner)].map((node) => {
            const rect = node.getBoundingClientRect();
            const style = getComputedStyle(node);
            return {
              text: (node.textContent ?? '').replace(/\s+/g, ' ').trim(),
              box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
              attributes: Object.fromEntries([...node.attributes].map((a) => [a.name, a.value])),
              visible: rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
              disabled: (node as HTMLButtonElement).disabled === true,
            };
          });
        }),
      { host, inner },
    );
  }

  /** The one element `inner` in the first host matching `host`; throws when there is none. */
  async one(host: string, inner: string): Promise<UiElement> {
    const [found] = await this.query(host, inner);
    if (!found) throw new Error(`no ${inner} inside ${host}`);
    return found;
  }

  /** The text of the first match, or undefined when there is none (for polling with expect.poll). */
  async text(host: string, inner: string): Promise<string | undefined> {
    return (await this.query(host, inner))[0]?.text;
  }

  /**
   * Clicks the first visible match with the real mouse (a trusted event), after scrolling it to the middle of the
   * window. Waits up to 5 s for it to appear (controls mount when an entry nears the viewport).
   */
  async click(
    host: string,
    inner: string,
    options: { modifiers?: ('Shift' | 'Alt' | 'Control' | 'Meta')[] } = {},
  ): Promise<void> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const scrolled = await this.evaluate(
        ({ host, inner }, open) => {
          for (const element of document.querySelectorAll(host)) {
            const target = open(element)?.querySelector(inner);
            if (!target) continue;
            target.scrollIntoView({ block: 'center', behavior: 'instant' });
            return true;
          }
          // Not mounted yet (hosts mount near the viewport): bring the entry the selector starts from into view.
          const entry = document.querySelector(host) ?? document.querySelector(host.split(' ')[0]!);
          entry?.scrollIntoView({ block: 'center', behavior: 'instant' });
          return false;
        },
        { host, inner },
      );
      if (scrolled) break;
      if (Date.now() > deadline) throw new Error(`nothing to click: ${inner} inside ${host}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const target = (await this.query(host, inner)).find((element) => element.visible);
    if (!target) throw new Error(`${inner} inside ${host} is not visible`);
    for (const key of options.modifiers ?? []) await this.page.keyboard.down(key);
    await this.page.mouse.click(target.box.x + target.box.width / 2, target.box.y + target.box.height / 2);
    for (const key of options.modifiers ?? []) await this.page.keyboard.up(key);
  }

  /** Selects an option of a `<select>` inside a closed root with the keyboard (trusted), by its value. */
  async select(host: string, inner: string, value: string): Promise<void> {
    const options = await this.evaluate(
      ({ host, inner }, open) => {
        const select = open(document.querySelector(host)!)?.querySelector(inner) as HTMLSelectElement | null;
        if (!select) throw new Error(`no ${inner}`);
        return { values: [...select.options].map((o) => o.value), current: select.selectedIndex };
      },
      { host, inner },
    );
    const wanted = options.values.indexOf(value);
    if (wanted < 0) throw new Error(`no option ${value} in ${inner}`);
    // Focus it by a real click, close the list again, then step with the arrow keys.
    await this.click(host, inner);
    await this.page.keyboard.press('Escape');
    const step = wanted > options.current ? 'ArrowDown' : 'ArrowUp';
    for (let i = 0; i < Math.abs(wanted - options.current); i += 1) await this.page.keyboard.press(step);
  }
}
