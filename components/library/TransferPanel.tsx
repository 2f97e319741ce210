/**
 * The library page's "Import & export" tab: export any scope in any format (saying what each format keeps and drops),
 * and import a file with a preview. See transfer/ExportSection.tsx and transfer/ImportSection.tsx.
 */
import type { AppDB } from '../../lib/app/db.ts';
import { ExportSection } from './transfer/ExportSection.tsx';
import { ImportSection } from './transfer/ImportSection.tsx';

export function TransferPanel({ db, selection }: { db: AppDB; selection: readonly string[] }) {
  return (
    <section class="transfer-panel" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Import &amp; export</h2>
      <div class="transfer-columns">
        <ExportSection db={db} selection={selection} />
        <ImportSection db={db} />
      </div>
    </section>
  );
}
