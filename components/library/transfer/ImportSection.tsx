/**
 * Import: a file (chosen or dropped) → its format detected and parsed (lib/formats/read.ts parseImport) → a preview of the
 * merge ("312 new, 40 merged, 2 rejected", each rejection with its line or entry and the reason) → Apply writes it in
 * one transaction, in chunks with a progress bar (applyImport) → open tabs are told (announceChanged) → a summary.
 *
 * Nothing is written before Apply: a file that cannot be read shows the error (with its line) and Cancel drops the
 * preview. If the library changed between preview and apply, applyImport refuses and the preview is made again.
 */
import { useState } from 'preact/hooks';
import type { AppDB } from '../../../lib/db/app-db.ts';
import { applyImport, previewImport, StaleImportError } from '../../../lib/db/import-repo.ts';
import { parseImport } from '../../../lib/formats/read.ts';
import type { ParsedImport, Rejection } from '../../../lib/formats/types.ts';
import type { ImportPlan } from '../../../lib/transfer/plan.ts';
import { describeError } from '../../../lib/messages.ts';
import { announceChanged } from '../../announce.ts';

const FORMAT_LABELS: Record<ParsedImport['format'], string> = {
  bibtex: 'BibTeX',
  ris: 'RIS',
  'csl-json': 'CSL-JSON',
  backup: 'Dogear JSON backup',
};

/** Previews list this many rows of each kind; the counts are always complete. */
const SHOWN = 200;

type Stage =
  | { name: 'idle' }
  | { name: 'reading'; fileName: string }
  | { name: 'failed'; fileName: string; message: string }
  | { name: 'preview'; fileName: string; parsed: ParsedImport; plan: ImportPlan }
  | { name: 'applying'; fileName: string; plan: ImportPlan; written: number; total: number }
  | { name: 'done'; fileName: string; text: string };

function where(rejection: Rejection): string {
  const parts = [`entry ${rejection.index + 1}`];
  if (rejection.line !== undefined) parts.push(`line ${rejection.line}`);
  if (rejection.id !== undefined) parts.push(rejection.id);
  return parts.join(', ');
}

export function ImportSection({ db }: { db: AppDB }) {
  const [stage, setStage] = useState<Stage>({ name: 'idle' });
  const [dragging, setDragging] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  async function preview(fileName: string, parsed: ParsedImport): Promise<void> {
    const plan = await previewImport(db, parsed);
    setStage({ name: 'preview', fileName, parsed, plan });
  }

  async function load(file: File): Promise<void> {
    setStage({ name: 'reading', fileName: file.name });
    try {
      // Phase timings for the benchmark (tests/bench/transfer.ts) and DevTools: dogear:import:parse|preview.
      const start = performance.now();
      const parsed = await parseImport(file.name, await file.text());
      const parsedAt = performance.now();
      performance.measure('dogear:import:parse', { start, end: parsedAt });
      await preview(file.name, parsed);
      performance.measure('dogear:import:preview', { start: parsedAt, end: performance.now() });
    } catch (error) {
      setStage({ name: 'failed', fileName: file.name, message: describeError(error) });
    }
  }

  async function apply(fileName: string, parsed: ParsedImport, plan: ImportPlan): Promise<void> {
    const total = plan.toAdd.length + plan.toMerge.length;
    setStage({ name: 'applying', fileName, plan, written: 0, total });
    try {
      const start = performance.now();
      const result = await applyImport(db, plan, ({ written }) => setStage({ name: 'applying', fileName, plan, written, total }));
      performance.measure('dogear:import:apply', { start, end: performance.now() });
      const keys = [...plan.toAdd.map((paper) => paper.key), ...plan.toMerge.map((merge) => merge.after.key)];
      announceChanged(keys).catch((error: unknown) => console.warn('Dogear: could not notify tabs', error));
      const rejected = plan.rejected.length;
      setStage({
        name: 'done',
        fileName,
        text:
          `Imported ${fileName}: ${result.added} new, ${result.merged} merged` +
          (plan.unchanged > 0 ? `, ${plan.unchanged} already up to date` : '') +
          (rejected > 0 ? `, ${rejected} rejected (not imported)` : '') +
          '.',
      });
    } catch (error) {
      if (error instanceof StaleImportError) {
        // Re-plan against the library as it is now; the user looks at the new preview and applies again.
        await preview(fileName, parsed);
        return;
      }
      setStage({ name: 'failed', fileName, message: describeError(error) });
    } finally {
      setInputKey((key) => key + 1);
    }
  }

  function cancel(): void {
    setStage({ name: 'idle' });
    setInputKey((key) => key + 1);
  }

  const busy = stage.name === 'reading' || stage.name === 'applying';
  return (
    <section class="import-section" aria-labelledby="import-heading">
      <h3 id="import-heading">Import</h3>
      <div
        class={`import-drop${dragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer?.files[0];
          if (file && !busy) void load(file);
        }}
      >
        <p>
          A Dogear JSON backup, BibTeX (arXiv's or Zotero's), RIS or CSL-JSON file: choose it or drop it here. You see
          what would change before anything is written.
        </p>
        <input
          key={inputKey}
          type="file"
          class="import-file"
          aria-label="File to import"
          accept=".json,.bib,.bibtex,.ris,.txt,application/json"
          disabled={busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void load(file);
          }}
        />
      </div>

      {stage.name === 'reading' ? <p class="import-status">Reading {stage.fileName}…</p> : null}

      {stage.name === 'failed' ? (
        <div class="import-error" role="alert">
          <p>
            <strong>{stage.fileName} was not imported; nothing was changed.</strong>
          </p>
          <p class="import-error-message">{stage.message}</p>
        </div>
      ) : null}

      {stage.name === 'preview' ? (
        <div class="import-preview">
          <p class="import-summary">
            {stage.fileName} ({FORMAT_LABELS[stage.parsed.format]}): <strong>{stage.plan.summary}</strong>
          </p>
          {stage.plan.rejected.length > 0 ? (
            <details class="import-rejected" open>
              <summary>
                {stage.plan.rejected.length} rejected — why
              </summary>
              <ul>
                {stage.plan.rejected.slice(0, SHOWN).map((rejection) => (
                  <li key={`${rejection.index}-${rejection.reason}`} class="import-rejection">
                    {where(rejection)}: {rejection.reason}
                  </li>
                ))}
              </ul>
              {stage.plan.rejected.length > SHOWN ? <p>… and {stage.plan.rejected.length - SHOWN} more.</p> : null}
            </details>
          ) : null}
          {stage.plan.toMerge.length > 0 ? (
            <details class="import-merged">
              <summary>{stage.plan.toMerge.length} merged into papers you have</summary>
              <ul>
                {stage.plan.toMerge.slice(0, SHOWN).map((merge) => (
                  <li key={merge.after.key}>
                    {merge.after.title} ({merge.after.key}): {merge.changes.join('; ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {stage.plan.conflicts.length > 0 ? (
            <details class="import-conflicts">
              <summary>{stage.plan.conflicts.length} differ from what you have (yours kept)</summary>
              <ul>
                {stage.plan.conflicts.slice(0, SHOWN).map((conflict) => (
                  <li key={conflict.key}>
                    {conflict.key}: {conflict.changes.join('; ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {stage.plan.duplicates.length > 0 ? (
            <details class="import-duplicates">
              <summary>{stage.plan.duplicates.length} papers appear more than once in the file (folded into one)</summary>
              <ul>
                {stage.plan.duplicates.slice(0, SHOWN).map((duplicate) => (
                  <li key={duplicate.key}>
                    {duplicate.key}: entries {duplicate.indexes.map((index) => index + 1).join(', ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <p>
            <button
              type="button"
              class="import-apply"
              disabled={stage.plan.toAdd.length + stage.plan.toMerge.length === 0}
              onClick={() => void apply(stage.fileName, stage.parsed, stage.plan)}
            >
              Apply
            </button>{' '}
            <button type="button" class="import-cancel" onClick={cancel}>
              Cancel
            </button>
          </p>
        </div>
      ) : null}

      {stage.name === 'applying' ? (
        <p class="import-progress-line">
          Importing {stage.fileName}:{' '}
          <progress class="import-progress" value={stage.written} max={Math.max(stage.total, 1)} aria-label="Import progress" />{' '}
          {stage.written} / {stage.total}
        </p>
      ) : null}

      {stage.name === 'done' ? (
        <p class="import-done" role="status">
          {stage.text}
        </p>
      ) : null}
    </section>
  );
}
