/**
 * The one database handle of an extension page (library, popup, note editor) or of the background: opened on first use,
 * so a module that only needs a type never opens it.
 */
import { AppDB } from '../db/app-db.ts';

export { AppDB };

let handle: AppDB | undefined;

/** This context's database handle (the same object on every call). */
export function appDb(): AppDB {
  handle ??= new AppDB();
  return handle;
}
