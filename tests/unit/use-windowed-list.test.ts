/**
 * The one windowed-list hook (components/use-windowed-list.ts) in jsdom: which rows are rendered, the grid's row count
 * and indexes, the roving tabindex, the keys' targets, and focus following the current row.
 */
import { JSDOM } from 'jsdom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { useWindowedList, type WindowedList, type WindowedListOptions } from '../../components/use-windowed-list.ts';

let dom: JSDOM | undefined;

/** Mounts a list of `count` rows using the hook, and returns what the hook gave on the last render. */
async function mount(options: WindowedListOptions) {
  dom = new JSDOM('<!doctype html><html><body><div id="app"></div></body></html>');
  const win = dom.window;
  Object.assign(globalThis, {
    document: win.document,
    // jsdom has no layout: the viewport stays what initialHeight says.
    ResizeObserver: class {
      observe(): void {}
      disconnect(): void {}
    },
  });
  let last: WindowedList | undefined;
  function List(props: WindowedListOptions) {
    const list = useWindowedList(props);
    last = list;
    return h(
      'div',
      {
        ref: list.scrollerRef,
        onScroll: list.onScroll,
        style: { height: `${props.initialHeight}px`, overflow: 'auto' },
      },
      h(
        'div',
        { ...list.gridProps, 'aria-label': 'Rows', style: { height: `${list.totalHeight}px` } },
        list.indexes.map((index) =>
          h('div', { key: index, ...list.rowProps(index) }, h('div', { role: 'gridcell' }, `Row ${index}`)),
        ),
      ),
    );
  }
  const app = win.document.getElementById('app')!;
  const rerender = (next: Partial<WindowedListOptions>) => act(() => render(h(List, { ...options, ...next }), app));
  await rerender({});
  return { app, doc: win.document, list: () => last!, rerender };
}

afterEach(() => {
  if (dom) render(null, dom.window.document.getElementById('app')!);
  dom = undefined;
  delete (globalThis as { document?: unknown }).document;
  delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
});

describe('useWindowedList', () => {
  it('renders the rows in view plus the overscan, and counts every row for assistive technology', async () => {
    const { app, list } = await mount({ count: 100_000, rowHeight: 20, active: 0, initialHeight: 200, overscan: 3 });
    expect(list().indexes).toEqual(Array.from({ length: 14 }, (_, i) => i)); // 10 in view + 1 partial + 3 below
    expect(app.querySelectorAll('[role="row"]')).toHaveLength(14);
    expect(app.querySelector('[role="grid"]')!.getAttribute('aria-rowcount')).toBe('100000');
    expect(list().totalHeight).toBe(2_000_000);
    expect(app.querySelector('[data-index="5"]')!.getAttribute('aria-rowindex')).toBe('6');
  });

  it('counts header rows in aria-rowcount and aria-rowindex', async () => {
    const { app } = await mount({ count: 10, rowHeight: 20, active: 0, initialHeight: 200, headerRows: 1 });
    expect(app.querySelector('[role="grid"]')!.getAttribute('aria-rowcount')).toBe('11');
    expect(app.querySelector('[data-index="0"]')!.getAttribute('aria-rowindex')).toBe('2');
  });

  it('keeps the current row rendered and alone in the Tab order, wherever it is', async () => {
    const { app, list, rerender } = await mount({ count: 1000, rowHeight: 20, active: 0, initialHeight: 200 });
    await rerender({ active: 700 });
    expect(list().indexes).toContain(700);
    const tabbable = [...app.querySelectorAll('[role="row"][tabindex="0"]')].map((row) =>
      row.getAttribute('data-index'),
    );
    expect(tabbable).toEqual(['700']);
    expect(app.querySelectorAll('[role="row"][tabindex="-1"]').length).toBe(list().indexes.length - 1);
  });

  it('maps the navigation keys to their rows, clamped to the list', async () => {
    const { list, rerender } = await mount({ count: 50, rowHeight: 20, active: 10, initialHeight: 200 });
    const targets = () =>
      Object.fromEntries(
        ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End', 'x'].map((key) => [key, list().targetOf(key)]),
      );
    expect(list().pageRows).toBe(9);
    expect(targets()).toEqual({ ArrowDown: 11, ArrowUp: 9, PageDown: 19, PageUp: 1, Home: 0, End: 49, x: undefined });
    await rerender({ active: 49 });
    expect(list().targetOf('ArrowDown')).toBe(49);
    expect(list().targetOf('PageDown')).toBe(49);
    await rerender({ active: -1 });
    expect(list().targetOf('ArrowDown')).toBe(0);
    await rerender({ count: 0, active: -1 });
    expect(list().targetOf('ArrowDown')).toBeUndefined();
  });

  it('focuses a row once the render that makes it current has put it in the DOM', async () => {
    const { doc, list, rerender } = await mount({ count: 1000, rowHeight: 20, active: 0, initialHeight: 200 });
    await act(() => list().focusRow(500)); // asked before the caller's state says 500 is current
    await rerender({ active: 500 });
    expect(doc.activeElement?.getAttribute('data-index')).toBe('500');
    await act(() => list().focusRow(500)); // already current and rendered: at once
    expect(doc.activeElement?.getAttribute('data-index')).toBe('500');
  });
});
