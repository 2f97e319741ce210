/**
 * The popup: the saved collection, newest first, with search, unsave and the first two exports.
 * It reads the database directly (extension origin) and sends writes to the background, the single writer.
 */
import { useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PaperItem } from '../../components/PaperItem.tsx';
import { useLiveQuery } from '../../components/use-live-query.ts';
import { AppDB } from '../../lib/db/app-db.ts';
import { allPapers, listSaved } from '../../lib/db/papers-repo.ts';
import { toBibtex } from '../../lib/export/bibtex.ts';
import { exportFileName } from '../../lib/export/index.ts';
import { toBackup } from '../../lib/export/json-backup.ts';
import { paperPageUrl } from '../../lib/ids.ts';
import { sendRequest, type Request, type Response } from '../../lib/messages.ts';
import type { Paper } from '../../lib/model.ts';
import { matchesQuery, queryWords } from '../../lib/search.ts';
import { adapters } from '../../lib/sites/registry.ts';
import { downloadText } from './download.ts';

const db = new AppDB();
const siteLabels = new Map(adapters.map((adapter) => [adapter.id, adapter.label]));

const send = (request: Request): Promise<Response> => sendRequest((message) => browser.runtime.sendMessage(message), request);

export function App() {
  const saved = useLiveQuery(() => listSaved(db));
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<string>();
  const words = useMemo(() => queryWords(query), [query]);

  if (saved.status === 'loading') return <main class="popup" aria-busy="true" />;
  if (saved.status === 'error') {
    return (
      <main class="popup">
        <p role="alert">Dogear could not open its library: {saved.error}</p>
      </main>
    );
  }
  const papers = saved.value;
  const shown = words.length === 0 ? papers : papers.filter((paper) => matchesQuery(paper, words));

  async function unsave(paper: Paper): Promise<void> {
    const response = await send({ type: 'unsave', key: paper.key });
    setStatus(response.ok ? undefined : `Could not unsave: ${response.error}`);
  }

  async function exportBackup(): Promise<void> {
    const text = await toBackup({ papers: await allPapers(db) });
    downloadText(text, exportFileName('json'), 'application/json');
  }

  function exportBibtex(): void {
    downloadText(toBibtex(papers), exportFileName('bibtex'), 'application/x-bibtex');
  }

  return (
    <main class="popup">
      <header>
        <h1>
          Dogear <span class="count">{papers.length} saved</span>
        </h1>
        <input
          type="search"
          class="search"
          placeholder="Search titles and authors"
          aria-label="Search saved papers"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </header>
      {status === undefined ? null : (
        <p class="status" role="alert">
          {status}
        </p>
      )}
      {papers.length === 0 ? (
        <p class="empty">
          Nothing saved yet. Open Hugging Face Daily Papers or an arXiv listing and press <b>Save</b> on a paper.
        </p>
      ) : shown.length === 0 ? (
        <p class="empty">No saved paper matches “{query}”.</p>
      ) : (
        <ul class="papers">
          {shown.map((paper) => (
            <PaperItem
              key={paper.key}
              paper={paper}
              href={paperPageUrl(paper.key)}
              sourceLabel={siteLabels.get(paper.savedFrom?.site ?? '') ?? paper.savedFrom?.site ?? ''}
              onUnsave={() => void unsave(paper)}
            />
          ))}
        </ul>
      )}
      <footer>
        <button type="button" class="export-json" onClick={() => void exportBackup()}>
          Export JSON backup
        </button>
        <button type="button" class="export-bibtex" onClick={exportBibtex} disabled={papers.length === 0}>
          Export BibTeX
        </button>
      </footer>
    </main>
  );
}
