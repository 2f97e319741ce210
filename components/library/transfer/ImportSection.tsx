/**
 * Import: a file (chosen, or dropped on the drop area) → its format detected and parsed → a preview of the merge ("312
 * new, 40 merged, 2 rejected", each rejection with its line or entry and the reason, and what becomes of each entry's
 * own cite key: kept, already used, not valid) → Apply writes it in one transaction, in chunks with a progress bar →
 * open tabs are told → a summary. The work is lib/app/transfer.ts (previewFile, applyPreview); the formats listed are
 * the registry's readers, with what an import of each brings in and cannot (carries.ts importCarriesOf), shown before a
 * file is chosen.
 *
 * Nothing is written before Apply: a file that cannot be read shows the error (with its line) and Cancel drops the
 * preview. If the library changed between preview and apply, the apply is refused and the preview is made again.
 */
import { useState } from 'preact/hooks';
import type { AppDB } from '../../../lib/app/db.ts';
import { applyPreview, previewFile, type ImportPreview } from '../../../lib/app/transfer.ts';
import { formats } from '../../../lib/formats/registry.ts';
import type { Format, ParsedImport, Rejection } from '../../../lib/formats/types.ts';
import { keyLabel } from '../../../lib/paper/links.ts';
import type { CiteKeyOutcome, ImportPlan } from '../../../lib/transfer/plan.ts';
import { plural } from '../../plural.ts';
import { importCarriesOf, listWords } from './carries.ts';

/** The formats Dogear reads, from the registry: the ones with a reader. */
const READABLE: readonly Format[] = formats.filter((format: Format) => format.read !== undefined);

/** A read file's format in words: its registry entry's label without the aside (a backup is read by the `json` entry). */
function formatLabel(format: ParsedImport['format']): string {
  const id = format === 'backup' ? 'json' : format;
  const label = READABLE.find((entry) => entry.id === id)?.label ?? format;
  return label.replace(/\s*\(.*\)$/, '');
}

/** The readable formats grouped by what an import of them brings in and cannot (importCarriesOf), in registry order. */
const READ_GROUPS: ReadonlyArray<{ labels: string[]; brings: string[]; cannot: string[] }> = (() => {
  const groups = new Map<string, { labels: string[]; brings: string[]; cannot: string[] }>();
  for (const format of READABLE) {
    const carries = importCarriesOf(format);
    const id = JSON.stringify(carries);
    const group = groups.get(id);
    if (group) group.labels.push(format.label);
    else groups.set(id, { labels: [format.label], ...carries });
  }
  return [...groups.values()];
})();

/** What the file input accepts: every readable format's extensions. */
const ACCEPT = [...new Set(READABLE.flatMap((format) => [format.extension, ...(format.readExtensions ?? [])]))]
  .map((extension) => `.${extension}`)
  .concat('.txt', 'application/json')
  .join(',');

/** Previews list this many rows of each kind; the counts are always complete. */
const SHOWN = 200;

type Stage =
  | { name: 'idle' }
  | { name: 'reading'; fileName: string }
  | { name: 'failed'; fileName: string; message: string }
  | { name: 'preview'; fileName: string; preview: ImportPreview }
  | { name: 'applying'; fileName: string; plan: ImportPlan; written: number; total: number }
  | { name: 'done'; fileName: string; text: string };

function where(rejection: Rejection): string {
  const parts = [`entry ${rejection.index + 1}`];
  if (rejection.line !== undefined) parts.push(`line ${rejection.line}`);
  if (rejection.id !== undefined) parts.push(rejection.id);
  return parts.join(', ');
}

/** A file's key as the preview shows it: at most 60 characters (a Zotero CSL-JSON id is a whole URL). */
function shownKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 59)}…` : key;
}

/** One entry's key outcome: lib/transfer/plan.ts citeKeyMessage's sentence, with the keys set in code. */
function keyOutcome(outcome: CiteKeyOutcome) {
  const key = <code>{shownKey(outcome.fileKey)}</code>;
  switch (outcome.outcome) {
    case 'kept':
      return <>{key} kept</>;
    case 'own':
      return (
        <>
          {key} not used: this paper keeps its cite key <code>{outcome.citeKey}</code>
          {outcome.fromEntry === undefined ? '' : ` (from entry ${outcome.fromEntry + 1})`}
        </>
      );
    case 'clash':
      return (
        <>
          {key} is already used by {outcome.heldBy}: a new key will be given
        </>
      );
    case 'invalid':
      return (
        <>{key} is not a valid cite key (letters, digits and _ : . - only, at most 100): a new key will be given</>
      );
  }
}

/**
 * What the import does with the file's own cite keys: one line of counts, then entry by entry (open when a key is
 * refused, so a clash is seen before Apply). Papers whose key is refused get a generated key at their first export.
 */
function CiteKeys({ outcomes }: { outcomes: readonly CiteKeyOutcome[] }) {
  if (outcomes.length === 0) return null;
  const count = (kind: CiteKeyOutcome['outcome']): number => outcomes.filter(({ outcome }) => outcome === kind).length;
  const refused = count('clash') + count('invalid');
  const parts = [
    [count('kept'), 'kept'],
    [count('clash'), 'already used by another paper'],
    [count('invalid'), 'not valid'],
    [count('own'), 'not used (the paper has its key)'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, words]) => `${n as number} ${words as string}`);
  return (
    <div class="import-keys">
      <p class="import-keys-summary">
        Cite keys from the file: <strong>{parts.join(', ')}</strong>
        {refused > 0 ? '; a paper without a key gets a new one at its first export' : ''}.
      </p>
      <details class="import-key-list" open={refused > 0}>
        <summary>Cite keys, entry by entry</summary>
        {/* A key from another tool may be a whole URL with nowhere to break: it wraps anywhere. */}
        <ul style={{ overflowWrap: 'anywhere' }}>
          {outcomes.slice(0, SHOWN).map((outcome) => (
            <li key={outcome.index} class={`import-key ${outcome.outcome}`}>
              entry {outcome.index + 1}: {keyOutcome(outcome)}
            </li>
          ))}
        </ul>
        {outcomes.length > SHOWN ? <p>… and {outcomes.length - SHOWN} more.</p> : null}
      </details>
    </div>
  );
}

export function ImportSection({ db }: { db: AppDB }) {
  const [stage, setStage] = useState<Stage>({ name: 'idle' });
  const [dragging, setDragging] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  async function load(file: File): Promise<void> {
    setStage({ name: 'reading', fileName: file.name });
    const result = await previewFile(db, file.name, await file.text());
    setStage(
      result.ok
        ? { name: 'preview', fileName: file.name, preview: result.value }
        : { name: 'failed', fileName: file.name, message: result.error },
    );
  }

  async function apply(fileName: string, preview: ImportPreview): Promise<void> {
    const { plan } = preview;
    const total = plan.toAdd.length + plan.toMerge.length;
    setStage({ name: 'applying', fileName, plan, written: 0, total });
    const result = await applyPreview(db, preview, (written) =>
      setStage({ name: 'applying', fileName, plan, written, total }),
    );
    setInputKey((key) => key + 1);
    if (result.ok) {
      const rejected = plan.rejected.length;
      const keptKeys = plan.citeKeys.filter(({ outcome }) => outcome === 'kept').length;
      setStage({
        name: 'done',
        fileName,
        text:
          `Imported ${fileName}: ${result.added} new, ${result.merged} merged` +
          (plan.unchanged > 0 ? `, ${plan.unchanged} already up to date` : '') +
          (rejected > 0 ? `, ${rejected} rejected (not imported)` : '') +
          (keptKeys > 0 ? `; ${plural(keptKeys, 'cite key')} from the file kept` : '') +
          '.',
      });
    } else if ('stale' in result) {
      // The library changed since the preview: the user looks at the new plan and applies again.
      setStage({ name: 'preview', fileName, preview: result.stale });
    } else {
      setStage({ name: 'failed', fileName, message: result.error });
    }
  }

  function cancel(): void {
    setStage({ name: 'idle' });
    setInputKey((key) => key + 1);
  }

  const busy = stage.name === 'reading' || stage.name === 'applying';
  return (
    <section class="import-section transfer-card" aria-labelledby="import-heading">
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
        <p class="drop-target" aria-hidden="true">
          Drop a file here
        </p>
        <p class="drop-or">or</p>
        <label class="file-button">
          <span class="visually-hidden">File to import</span>
          <input
            key={inputKey}
            type="file"
            class="import-file"
            accept={ACCEPT}
            disabled={busy}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) void load(file);
            }}
          />
        </label>
        <p class="hint">You see what would change before anything is written.</p>
      </div>
      <div class="import-formats">
        <h4 id="import-formats-heading">Files Dogear reads</h4>
        <ul aria-labelledby="import-formats-heading">
          {READ_GROUPS.map(({ labels, brings, cannot }) => (
            <li key={labels.join()}>
              <strong>{listWords(labels)}</strong>: {listWords(brings)}
              {cannot.length > 0 ? (
                <>
                  {' '}
                  when the file has them; <strong>not</strong> {listWords(cannot, 'or')} (an imported paper counts as
                  saved when you import it)
                </>
              ) : null}
              .
            </li>
          ))}
        </ul>
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
            {stage.fileName} ({formatLabel(stage.preview.parsed.format)}): <strong>{stage.preview.plan.summary}</strong>
          </p>
          {stage.preview.plan.rejected.length > 0 ? (
            <details class="import-rejected" open>
              <summary>{stage.preview.plan.rejected.length} rejected — why</summary>
              <ul>
                {stage.preview.plan.rejected.slice(0, SHOWN).map((rejection) => (
                  <li key={`${rejection.index}-${rejection.reason}`} class="import-rejection">
                    {where(rejection)}: {rejection.reason}
                  </li>
                ))}
              </ul>
              {stage.preview.plan.rejected.length > SHOWN ? (
                <p>… and {stage.preview.plan.rejected.length - SHOWN} more.</p>
              ) : null}
            </details>
          ) : null}
          {stage.preview.plan.warnings.length > 0 ? (
            <details class="import-warnings" open>
              <summary>{stage.preview.plan.warnings.length} read with a guess — check them</summary>
              <ul>
                {stage.preview.plan.warnings.slice(0, SHOWN).map((warning) => (
                  <li key={`${warning.index}-${warning.reason}`} class="import-warning">
                    {where(warning)}: {warning.reason}
                  </li>
                ))}
              </ul>
              {stage.preview.plan.warnings.length > SHOWN ? (
                <p>… and {stage.preview.plan.warnings.length - SHOWN} more.</p>
              ) : null}
            </details>
          ) : null}
          <CiteKeys outcomes={stage.preview.plan.citeKeys} />
          {stage.preview.plan.toMerge.length > 0 ? (
            <details class="import-merged">
              <summary>{stage.preview.plan.toMerge.length} merged into papers you have</summary>
              <ul>
                {stage.preview.plan.toMerge.slice(0, SHOWN).map((merge) => (
                  <li key={merge.after.key}>
                    {merge.after.title} ({keyLabel(merge.after.key).text}): {merge.changes.join('; ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {stage.preview.plan.conflicts.length > 0 ? (
            <details class="import-conflicts">
              <summary>{stage.preview.plan.conflicts.length} differ from what you have (yours kept)</summary>
              <ul>
                {stage.preview.plan.conflicts.slice(0, SHOWN).map((conflict) => (
                  <li key={conflict.key}>
                    {keyLabel(conflict.key).text}: {conflict.changes.join('; ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {stage.preview.plan.duplicates.length > 0 ? (
            <details class="import-duplicates">
              <summary>
                {stage.preview.plan.duplicates.length} papers appear more than once in the file (folded into one)
              </summary>
              <ul>
                {stage.preview.plan.duplicates.slice(0, SHOWN).map((duplicate) => (
                  <li key={duplicate.key}>
                    {keyLabel(duplicate.key).text}: entries {duplicate.indexes.map((index) => index + 1).join(', ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <p>
            <button
              type="button"
              class="import-apply"
              disabled={stage.preview.plan.toAdd.length + stage.preview.plan.toMerge.length === 0}
              onClick={() => void apply(stage.fileName, stage.preview)}
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
          <progress
            class="import-progress"
            value={stage.written}
            max={Math.max(stage.total, 1)}
            aria-label="Import progress"
          />{' '}
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
