/**
 * The annotator's Port on the digest page. The same messages a listing's content script sends, with one difference: a
 * mail has no address the runtime could report as the sender, so every sourced request names the digest it came from
 * (`from`), which the background accepts from this page alone (lib/messages.ts dispatch).
 *
 * Changes made elsewhere (the popup, a listing tab, the note editor) reach content scripts as a `changed` message to
 * their tab; an extension page does not receive those, so this page watches its papers in the database instead.
 */
import { appDb } from '../../lib/app/db.ts';
import { watchQuery } from '../../lib/app/live-query.ts';
import { SOURCED, type Request } from '../../lib/messages.ts';
import type { Source } from '../../lib/paper/model.ts';
import type { Port } from '../papers.content/port.ts';
import { runtimePort } from '../papers.content/runtime-port.ts';

/** `request` with the digest named as where its papers were met, when it is a sourced request. */
export function withSource(request: Request, from: Source): Request {
  return SOURCED.has(request.type) ? ({ ...request, from } as Request) : request;
}

/**
 * @param source the digest's Source (Digest.source)
 * @param keys the keys of the papers the page shows
 */
export function digestPort(source: Source, keys: readonly string[]): Port {
  return {
    // The settings and the note frame are a listing's; sending names the digest, and changes come from the database.
    ...runtimePort,
    send: (request) => runtimePort.send(withSource(request, source)),
    onChanged(listener) {
      /** Each shown paper's last write (undefined: not in the library); the first answer only sets it. */
      let known: Map<string, number | undefined> | undefined;
      return watchQuery(
        () => appDb().papers.bulkGet([...keys]),
        (papers) => {
          const now = new Map(keys.map((key, index) => [key, papers[index]?.updatedAt]));
          const changed = known ? keys.filter((key) => known!.get(key) !== now.get(key)) : [];
          known = now;
          if (changed.length > 0) listener(changed);
        },
        (error) => console.warn('Dogear: could not watch the library for changes', error),
      );
    },
  };
}
