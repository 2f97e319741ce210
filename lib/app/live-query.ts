/**
 * Dexie's liveQuery for extension pages' components (which do not import Dexie): re-runs the querier whenever the
 * tables it read change, in any context.
 */
import { liveQuery } from 'dexie';

/** Calls `next` with the querier's result now and after every change it depends on; returns the unsubscribe function. */
export function watchQuery<T>(
  querier: () => Promise<T>,
  next: (value: T) => void,
  error: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(querier).subscribe({ next, error });
  return () => subscription.unsubscribe();
}
