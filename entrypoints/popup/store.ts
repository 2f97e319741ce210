/**
 * Everything in the popup that needs Dexie, in its own chunk: loaded after the first rows are painted (first-page.ts
 * reads those with raw IndexedDB), so compiling Dexie never delays them. The database handle and the live mirror of the
 * papers table are the extension pages' shared ones (lib/app).
 */
import { appDb } from '../../lib/app/db.ts';
import { mirrorPapers } from '../../lib/app/papers-mirror.ts';
import { DB_NAME } from '../../lib/db/app-db.ts';
import { RAW_DB_NAME } from './first-page.ts';

if (DB_NAME !== RAW_DB_NAME) throw new Error(`first-page.ts reads "${RAW_DB_NAME}", the database is "${DB_NAME}"`);

export const db = appDb();

export { mirrorPapers };
