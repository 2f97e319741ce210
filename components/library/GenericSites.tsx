/**
 * The library settings' list of sites where generic mode is always on (the popup's "Always on this site"): each with a
 * Remove button that unregisters Dogear's script there and gives the site's permission back (lib/app/generic.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { alwaysOnOrigins, disableOrigin, watchAlwaysOn } from '../../lib/app/generic.ts';

export function GenericSites() {
  const [origins, setOrigins] = useState<string[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    void alwaysOnOrigins().then(setOrigins);
    return watchAlwaysOn(setOrigins);
  }, []);

  const remove = (origin: string): void => {
    setError(undefined);
    disableOrigin(origin).catch((failure: unknown) =>
      setError(`Could not remove ${origin}: ${failure instanceof Error ? failure.message : String(failure)}`),
    );
  };

  return (
    <section class="generic-sites" aria-labelledby="generic-sites-heading">
      <h3 id="generic-sites-heading">Generic mode</h3>
      <p>
        On any page, the toolbar button's <em>Mark papers on this page</em> (or Alt+Shift+D) marks the papers it links
        to, for that tab only. <em>Always on this site</em> gives Dogear access to that one site and marks its pages
        every time; these sites have it:
      </p>
      {origins === undefined ? (
        <p>Loading…</p>
      ) : origins.length === 0 ? (
        <p class="generic-sites-empty">No site yet.</p>
      ) : (
        <ul class="generic-sites-list">
          {origins.map((origin) => (
            <li key={origin}>
              <span class="generic-site">{origin}</span>{' '}
              <button type="button" class="generic-site-remove" onClick={() => remove(origin)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error === undefined ? null : (
        <p class="settings-status error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
