/** A Preact hook over a live query (lib/app/live-query.ts): re-runs the querier whenever the tables it read change. */
import { useEffect, useState } from 'preact/hooks';
import { watchQuery } from '../lib/app/live-query.ts';

export type LiveResult<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: string };

export function useLiveQuery<T>(querier: () => Promise<T>, deps: unknown[] = []): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ status: 'loading' });
  useEffect(
    () =>
      watchQuery(
        querier,
        (value) => setResult({ status: 'ready', value }),
        (error: unknown) =>
          setResult({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
      ),
    deps,
  );
  return result;
}
