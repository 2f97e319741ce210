/**
 * The library selection's "Send to Zotero": every selected paper to the user's Zotero (lib/app/zotero/service.ts), the
 * outcome said in the selection bar. Zotero not running, with a zotero.org key set up, offers the Web API instead.
 * Nothing to undo: Dogear never deletes items in the user's Zotero.
 *
 * Shown only while papers are selected; the service and the settings load as it appears, so the click can ask for the
 * host permission at once (components/zotero-send.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import { describeSend, loadZotero, type ZoteroService } from '../zotero-send.ts';

type Via = 'desktop' | 'web';

export function ZoteroBulkSend({ db, keys }: { db: AppDB; keys: readonly string[] }) {
  const [service, setService] = useState<{ zotero: ZoteroService; via: Via }>();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; error: boolean; offerWeb?: boolean }>();

  useEffect(() => {
    let live = true;
    void loadZotero()
      .then(async (zotero) => ({ zotero, via: (await zotero.loadZoteroSettings()).via }))
      .then((loaded) => {
        if (live) setService(loaded);
      })
      .catch((error: unknown) => console.warn('Dogear: could not load the Zotero service', error));
    return () => {
      live = false;
    };
  }, []);

  // What was said is about the papers it was said for.
  useEffect(() => setSaid(undefined), [keys.join('\n')]);

  function send(via?: Via): void {
    if (service === undefined) return;
    // First, in the click: the permission prompt needs its gesture.
    const asked = service.zotero.requestZoteroPermission(via ?? service.via);
    setBusy(true);
    setSaid({ text: `Sending ${keys.length === 1 ? 'the paper' : `${keys.length} papers`} to Zotero…`, error: false });
    void (async () => {
      try {
        if (!(await asked)) {
          setSaid({ text: 'Dogear may not reach Zotero: the browser’s permission was not granted.', error: true });
          return;
        }
        const outcome = await service.zotero.sendToZotero(db, keys, via === undefined ? {} : { via });
        setSaid({ ...describeSend(outcome), offerWeb: !outcome.ok && outcome.offerWeb === true });
      } catch (error) {
        setSaid({ text: error instanceof Error ? error.message : String(error), error: true });
      } finally {
        setBusy(false);
      }
    })();
  }

  return (
    <>
      <button type="button" class="send-to-zotero" disabled={service === undefined || busy} onClick={() => send()}>
        Send to Zotero
      </button>
      <span class={said?.error === true ? 'zotero-said error' : 'zotero-said'} role="status">
        {said?.text ?? ''}
        {said?.offerWeb === true ? (
          <button type="button" class="send-to-zotero-web" disabled={busy} onClick={() => send('web')}>
            Send through zotero.org
          </button>
        ) : null}
      </span>
    </>
  );
}
