/**
 * The conformance suite (`npm run test:interop`): Dogear's exports of a library built from every captured page plus
 * hard cases (tests/interop/library.ts), and of the papers imported from other tools' files (tests/interop/imports.ts),
 * fed to the programs researchers use. Each consumer's findings are failures naming the format, the consumer, the entry
 * (`citeKey (paper key)`) and the consumer's own message; the run ends with a table of counts, and writes the failure
 * list to `$TMPDIR/interop-report.txt`.
 *
 * It installs nothing: a missing program fails the run and names its Debian package (`.ci/run` installs them).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReferences } from '../../lib/formats/index.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { checkBackup } from './consumers/backup.ts';
import { checkBiblatex } from './consumers/biblatex.ts';
import { checkBibtex } from './consumers/bibtex.ts';
import { checkBibutils } from './consumers/bibutils.ts';
import { checkCsv } from './consumers/csv.ts';
import { checkMarkdown } from './consumers/markdown.ts';
import { checkPandoc } from './consumers/pandoc.ts';
import { type ImportedLibrary, importFixtures } from './imports.ts';
import { conformanceLibrary, CREATED_AT } from './library.ts';
import {
  type Count,
  entriesOf,
  type Failure,
  failureCounts,
  failureLines,
  summaryTable,
  writeReport,
} from './report.ts';
import { missingTools, SLOTS, timingLine } from './tools.ts';

const REPORT = join(tmpdir(), 'interop-report.txt');
const INSTALL = 'apt-get install texlive-latex-base texlive-bibtex-extra biber pandoc bibutils';

/** Forms the consumers were seen to read right or wrong: hints for a failure, printed with the report. */
const NOTES = [
  'What the consumers accept (measured with the versions installed here):',
  '- pandoc 2.17 reads BibTeX braces as plain spans, not nocase ones: `{Modeling}` and `{{Berlin}}` are sentence-cased;',
  '  only a word with a second capital and math keep their case (losses of braced capitals are tolerated and counted).',
  '  Formula capitals survive as `$\\mathrm{Ga_2O_3}$` or UTF-8 `Ga₂O₃`, not as `{Ga$_2$O$_3$}` or `{Ga}$_2${O}$_3$`.',
  '- pandoc reads `{\\\'E}lodie A. Silva` as family "A. Silva"; `Silva, {\\\'E}lodie A.` (comma form) reads right.',
  '- bibtex abbrv cuts a CJK given name to its first byte (`李, 华` → broken UTF-8); `李, {\\relax 华}` keeps it whole.',
  '- CSL-JSON: `<span class="nocase">Ga<sub>2</sub>O<sub>3</sub></span>` survives sentence case in pandoc.',
  '- bibutils splits every RIS AU name at its last space when it has no comma (an organisation cannot stay whole).',
];

/** Which consumer group a check is: one test each, per library. */
const GROUPS = ['bibtex', 'biblatex', 'pandoc', 'ris', 'csv', 'markdown', 'json'] as const;
type Group = (typeof GROUPS)[number];

interface LibraryRun {
  failures: Map<Group, Failure[]>;
  counts: Count[];
}

async function runLibrary(library: string, papers: readonly Paper[], root: string): Promise<LibraryRun> {
  const dir = join(root, library);
  mkdirSync(dir, { recursive: true });
  const entries = entriesOf(papers);
  const bibtex = formatReferences('bibtex', papers);
  const biblatex = formatReferences('biblatex', papers);
  const csl = formatReferences('csl-json', papers);
  // biber first: the slowest program, so it does not start last.
  const [biblatexRun, bibtexRun, pandocBibtex, pandocBiblatex, pandocCsl, risRun, csvRun, markdownRun, backupRun] =
    await Promise.all([
      checkBiblatex(library, dir, biblatex, entries),
      checkBibtex(library, dir, bibtex, entries),
      checkPandoc(library, dir, 'bibtex', { name: 'library.bib', text: bibtex }, entries),
      checkPandoc(library, dir, 'biblatex', { name: 'library.bib', text: biblatex }, entries),
      checkPandoc(library, dir, 'csl-json', { name: 'library.json', text: csl }, entries),
      checkBibutils(library, dir, formatReferences('ris', papers), entries),
      checkCsv(library, dir, formatReferences('csv', papers), entries),
      checkMarkdown(
        library,
        dir,
        formatReferences('markdown', papers),
        formatReferences('markdown-zip', papers),
        entries,
      ),
      checkBackup(library, entries, CREATED_AT),
    ]);
  const outcomes: Array<[Group, { failures: Failure[]; counts: Count[] }]> = [
    ['bibtex', bibtexRun],
    ['biblatex', biblatexRun],
    ['pandoc', pandocBibtex],
    ['pandoc', pandocBiblatex],
    ['pandoc', pandocCsl],
    ['ris', risRun],
    ['csv', csvRun],
    ['markdown', markdownRun],
    ['json', backupRun],
  ];
  const failures = new Map<Group, Failure[]>(GROUPS.map((group) => [group, []]));
  for (const [group, outcome] of outcomes) failures.get(group)!.push(...outcome.failures);
  return { failures, counts: outcomes.flatMap(([, outcome]) => outcome.counts) };
}

describe('conformance: Dogear exports read by the tools researchers use', () => {
  const missing = missingTools();
  const runs = new Map<string, LibraryRun>();
  let imported: ImportedLibrary | undefined;
  let root = '';
  /** The suite's own error, when it stopped before the consumers ran: the report says so. */
  let crash: string | undefined;

  beforeAll(async () => {
    if (missing.length > 0) return;
    // One place per machine, emptied first: the files of the last run stay there for a look.
    root = join(tmpdir(), 'dogear-interop');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    try {
      imported = await importFixtures();
      const [library, imports] = await Promise.all([
        runLibrary('library', conformanceLibrary(), root),
        runLibrary('imports', imported.papers, root),
      ]);
      runs.set('library', library);
      runs.set('imports', imports);
    } catch (error) {
      crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
      throw error;
    }
  }, 600_000);

  afterAll(() => {
    if (missing.length > 0) return;
    const counts = [...runs.values()].flatMap((run) => run.counts);
    const failures: Failure[] = [
      ...(crash === undefined
        ? []
        : [{ format: '(suite)', consumer: 'conformance.test.ts', entry: '(file)', message: crash }]),
      ...(imported?.failures ?? []),
      ...[...runs.values()].flatMap((run) => [...run.failures.values()].flat()),
    ];
    const files = (imported?.files ?? []).map(
      (file) => `  ${file.name}: ${file.entries} entries, ${file.imported} imported, ${file.rejected} rejected`,
    );
    const reasons = (imported?.files ?? []).flatMap((file) => file.reasons.map((reason) => `  ${file.name} ${reason}`));
    writeReport(REPORT, failures, counts, [
      'Import fixtures (tests/unit/formats/fixtures/):',
      ...files,
      'Rejected, with the reason the preview shows:',
      ...reasons,
      '',
      ...NOTES,
    ]);
    console.log(
      [
        `Conformance suite: ${failures.length} failures (list in ${REPORT}; files in ${root})`,
        ...failureCounts(failures),
        summaryTable(counts),
        `time in programs (${SLOTS} at once): ${timingLine()}`,
        'import fixtures:',
        ...files,
      ].join('\n'),
    );
  });

  it('has every program it feeds exports to', () => {
    expect(missing, `missing: ${missing.join(', ')}. Install them with: ${INSTALL}`).toEqual([]);
  });

  /** Why nothing ran, when a program is missing. */
  const notRun = () => (missing.length > 0 ? `not run: ${missing.join(', ')} missing` : 'the consumers did not run');

  it('imports every entry of the other tools’ files, or rejects it with a reason', () => {
    expect(imported, notRun()).toBeDefined();
    expect(imported!.files.length, 'no import fixtures in tests/unit/formats/fixtures/').toBeGreaterThan(0);
    expect(failureLines(imported!.failures)).toEqual([]);
  });

  for (const library of ['library', 'imports']) {
    for (const group of GROUPS) {
      it(`${library}: ${group} export passes its consumers`, () => {
        const run = runs.get(library);
        expect(run, notRun()).toBeDefined();
        expect(failureLines(run!.failures.get(group)!)).toEqual([]);
      });
    }
  }
});
