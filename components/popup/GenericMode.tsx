/**
 * The popup's generic mode: "Mark papers on this page" runs Dogear on the tab under the popup (any page whose paper
 * links form a listing), with the `activeTab` grant that opening the popup gives; "Always on this site" asks for that
 * one origin and runs it there from then on (lib/app/generic.ts). Nothing runs on a page before one of these clicks.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  alwaysOnOrigins,
  currentTab,
  disableOrigin,
  enableOrigin,
  isStartedOn,
  pageOrigin,
  requestOrigin,
  startOnTab,
} from '../../lib/app/generic.ts';
import { plural } from '../plural.ts';
import './generic-mode.css';

interface Tab {
  id: number;
  url?: string;
  origin?: string;
}

/** The site adapters' registry, loaded only when asked: the popup's first paint does not need the parsers. */
const siteOf = async (url: string): Promise<string | undefined> => {
  const { findAdapter } = await import('../../lib/sites/registry.ts');
  return findAdapter(new URL(url))?.adapter.label;
};

function describe(result: Awaited<ReturnType<typeof startOnTab>>): string {
  if ('error' in result) return result.error;
  return result.entries === 0
    ? 'No list of papers found on this page.'
    : `Marked ${plural(result.entries, 'paper')} on this page.`;
}

export function GenericMode() {
  const [tab, setTab] = useState<Tab | null | undefined>(undefined);
  const [alwaysOn, setAlwaysOn] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      const found = await currentTab();
      const origin = pageOrigin(found?.url);
      setTab(found ? { ...found, ...(origin === undefined ? {} : { origin }) } : null);
      if (found && origin !== undefined) {
        setAlwaysOn((await alwaysOnOrigins()).includes(origin));
        if (await isStartedOn(found.id, found.url)) setMessage('Marking papers on this page.');
      }
    })().catch(() => setTab(null));
  }, []);

  const mark = async (target: Tab & { url: string }): Promise<void> => {
    setBusy(true);
    try {
      const site = await siteOf(target.url);
      setMessage(
        site === undefined ? describe(await startOnTab(target.id, target.url)) : `Dogear already marks ${site} pages.`,
      );
    } finally {
      setBusy(false);
    }
  };

  const toggleAlwaysOn = (target: Tab & { url: string; origin: string }, on: boolean): void => {
    if (!on) {
      void disableOrigin(target.origin).then(() => {
        setAlwaysOn(false);
        setMessage(`Generic mode is off for ${target.origin}.`);
      });
      return;
    }
    // The browser asks the user; the request must be the first thing this click does.
    void requestOrigin(target.origin).then(async (granted) => {
      if (!granted || !(await enableOrigin(target.origin))) {
        setMessage(`Not allowed on ${target.origin}.`);
        return;
      }
      setAlwaysOn(true);
      await mark(target);
    });
  };

  if (tab === undefined) return null;
  const usable = tab !== null && tab.url !== undefined && tab.origin !== undefined;
  return (
    <section class="generic-mode" aria-label="Generic mode">
      <button
        type="button"
        class="mark-page"
        disabled={!usable || busy}
        onClick={() => usable && void mark(tab as Tab & { url: string })}
      >
        Mark papers on this page
      </button>
      <label class="always-on">
        <input
          type="checkbox"
          checked={alwaysOn}
          disabled={!usable}
          onChange={(event) =>
            usable && toggleAlwaysOn(tab as Tab & { url: string; origin: string }, event.currentTarget.checked)
          }
        />
        Always on this site
      </label>
      <p class="generic-status" role="status">
        {usable ? message : 'Dogear can mark papers only on web pages.'}
      </p>
    </section>
  );
}
