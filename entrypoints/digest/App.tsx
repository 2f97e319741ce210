/**
 * The digest page: reads an arXiv listing mail or a Google Scholar alert (a file chosen or dropped, or pasted text),
 * shows its papers as a listing, and marks that listing with the content script's own annotator — the same marks, save,
 * notes, tags, keys and page bar as on a site. The mail itself is kept nowhere: a reload shows the empty page.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DigestInput } from '../../components/digest/DigestInput.tsx';
import { DigestListing } from '../../components/digest/DigestListing.tsx';
import type { Digest } from '../../lib/digests/types.ts';
import { createAnnotator } from '../papers.content/annotator.ts';
import { DIGEST_PAGE_KIND, digestAdapter } from './adapter.ts';
import { digestPort } from './port.ts';
import { DIGEST_FILE_TYPES, readFile, readText, type DigestResult } from './read-input.ts';

/** What the input is doing; the last digest read stays shown through a later read or failure. */
type Status = { status: 'idle' } | { status: 'reading'; name: string } | { status: 'failed'; error: string };

interface Shown {
  digest: Digest;
  /** The file's name, or `pasted text`. */
  name: string;
}

/** Whether a drag carries files (a dragged link or text selection does not concern this page). */
function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function App() {
  const [state, setState] = useState<Status>({ status: 'idle' });
  const [shown, setShown] = useState<Shown>();
  const [dragging, setDragging] = useState(false);
  /** Counts reads, so a slow read finishing after a newer one does not replace it. */
  const reads = useRef(0);
  const heading = useRef<HTMLHeadingElement | null>(null);

  const show = (name: string, result: DigestResult): void => {
    if ('error' in result) {
      setState({ status: 'failed', error: result.error });
      return;
    }
    setState({ status: 'idle' });
    setShown({ digest: result, name });
  };
  const readDropped = async (file: File): Promise<void> => {
    const read = ++reads.current;
    setState({ status: 'reading', name: file.name });
    const result = await readFile(file);
    if (read === reads.current) show(file.name, result);
  };
  const readPasted = (text: string): void => {
    reads.current += 1;
    show('pasted text', readText('pasted text', text));
  };

  // Drops anywhere on the page are read (and a file dropped beside the drop area does not replace the page with it).
  // A drop carries files only in the drop event itself, so this is not limited to trusted events: only the page's own
  // scripts run here, and reading a file is what the user asked for.
  useEffect(() => {
    let depth = 0;
    const onDragEnter = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const onDragLeave = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDragOver = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent): void => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      void readDropped(file);
    };
    document.addEventListener('dragenter', onDragEnter);
    document.addEventListener('dragleave', onDragLeave);
    document.addEventListener('dragover', onDragOver);
    document.addEventListener('drop', onDrop);
    return () => {
      document.removeEventListener('dragenter', onDragEnter);
      document.removeEventListener('dragleave', onDragLeave);
      document.removeEventListener('dragover', onDragOver);
      document.removeEventListener('drop', onDrop);
    };
  }, []);

  const digest = shown?.digest;

  // Marks the rendered listing as a site's, until another digest replaces it (or the page closes).
  useEffect(() => {
    if (!digest) return;
    heading.current?.focus();
    const controller = new AbortController();
    const page = {
      doc: document,
      url: new URL(location.href),
      adapter: digestAdapter(digest),
      kind: DIGEST_PAGE_KIND,
    };
    const port = digestPort(
      digest.source,
      digest.entries.map((entry) => entry.paper.key),
    );
    createAnnotator(page, port, controller.signal)
      .annotate()
      .catch((error: unknown) => console.warn('Dogear: could not mark the digest', error));
    return () => controller.abort();
  }, [digest]);

  // Rendered once per digest: the annotator's elements inside the entries must survive the page's other updates.
  const listing = useMemo(
    () =>
      shown ? (
        <DigestListing
          key={reads.current}
          digest={shown.digest}
          name={shown.name}
          headingRef={(element) => (heading.current = element)}
        />
      ) : null,
    [shown],
  );

  return (
    <div class="digest-page">
      <header class="top">
        <h1>Dogear: read an e-mail digest</h1>
      </header>
      <main>
        <DigestInput
          accept={DIGEST_FILE_TYPES}
          busy={state.status === 'reading'}
          dragging={dragging}
          onFile={(file) => void readDropped(file)}
          onPaste={readPasted}
        />
        <p class="status" role="status">
          {state.status === 'reading' ? `Reading ${state.name}…` : ''}
        </p>
        {state.status === 'failed' ? (
          <p class="status error" role="alert">
            {state.error}
          </p>
        ) : null}
        {listing}
      </main>
    </div>
  );
}
