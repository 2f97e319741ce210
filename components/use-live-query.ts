/** A Preact hook over Dexie's liveQuery: re-runs the querier whenever the tables it read change, in any context. */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

export type LiveResult<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: string };

export function useLiveQuery<T>(querier: () => Promise<T>, deps: unknown[] = []): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ status: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(querier).subscribe({
      next: (value) => setResult({ status: 'ready', value }),
      error: (error: unknown) => setResult({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return result;
}
