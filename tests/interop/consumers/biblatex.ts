/**
 * Dogear's BibLaTeX export read by biber, as biblatex users compile it: `biber --tool --validate-datamodel`, which
 * checks every entry against biblatex's data model and writes back what it read.
 *
 * Failures: any ERROR; every WARN except `Missing mandatory field … date, year` for an undated paper; an entry missing
 * from biber's output; an author biber files under another family name than the one Dogear holds (lib/paper/names.ts);
 * a TeX command that reads files or runs programs.
 *
 * A biblatex document compiled with pdflatex is not part of the run: biblatex.sty (texlive-bibtex-extra) needs
 * etoolbox.sty, which comes with texlive-latex-recommended, outside the packages the suite asks for.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bibNames, readBib } from '../bib.ts';
import { misreadNames } from '../names.ts';
import { type Entry, FILE, type Failure, type Outcome } from '../report.ts';
import { bibLineOwner, dangerousCommands } from '../tex.ts';
import { run } from '../tools.ts';
import { knownDate } from '../../../lib/paper/dates.ts';

export async function checkBiblatex(
  library: string,
  dir: string,
  bib: string,
  entries: readonly Entry[],
): Promise<Outcome> {
  const format = 'biblatex';
  const consumer = 'biber --tool --validate-datamodel';
  const work = join(dir, 'biber');
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'library.bib'), bib);
  const failures: Failure[] = dangerousCommands(bib, entries, bibLineOwner(bib)).map((hit) => ({
    format,
    consumer: 'TeX safety',
    ...hit,
  }));
  const result = await run(
    'biber',
    ['--tool', '--validate-datamodel', '--nolog', '--output-file=read.bib', 'library.bib'],
    { cwd: work },
  );
  const byKey = new Map(entries.map((entry) => [entry.citeKey, entry]));
  const output = `${result.stdout}\n${result.stderr}`.split('\n');
  let errors = 0;
  let warnings = 0;
  let tolerated = 0;
  for (const line of output) {
    const level = /\b(WARN|ERROR) - (.*)$/.exec(line);
    if (!level) continue;
    if (level[1] === 'ERROR') errors += 1;
    else warnings += 1;
    const key = /[Ee]ntry '([^']+)'/.exec(level[2]!)?.[1];
    const entry = key === undefined ? undefined : byKey.get(key);
    if (
      entry &&
      /Missing mandatory field - one of 'date, year'/.test(level[2]!) &&
      knownDate(entry.paper) === undefined
    ) {
      tolerated += 1;
      continue;
    }
    failures.push({ format, consumer, entry: entry?.name ?? key ?? FILE, message: `${level[1]} - ${level[2]}` });
  }
  if (result.code !== 0) {
    failures.push({
      format,
      consumer,
      entry: FILE,
      message: `biber exited ${result.code}: ${result.stderr.slice(-500)}`,
    });
  }
  let read: ReturnType<typeof readBib> = [];
  try {
    read = readBib(readFileSync(join(work, 'read.bib'), 'utf8'));
  } catch (error) {
    failures.push({ format, consumer, entry: FILE, message: `no output: ${String(error)}` });
  }
  const readByKey = new Map(read.map((item) => [item.key, item]));
  let ok = 0;
  for (const entry of entries) {
    const item = readByKey.get(entry.citeKey);
    if (item === undefined) {
      failures.push({ format, consumer, entry: entry.name, message: 'not in biber’s output' });
      continue;
    }
    const names = bibNames(item.fields.get('author') ?? '');
    const before = failures.length;
    if (names.length !== entry.paper.authors.length) {
      failures.push({
        format,
        consumer: 'biber names',
        entry: entry.name,
        message: `${entry.paper.authors.length} authors stored, biber reads ${names.length}`,
      });
    } else {
      for (const message of misreadNames(entry.paper.authors, names, 'is filed by biber as')) {
        failures.push({ format, consumer: 'biber names', entry: entry.name, message });
      }
    }
    if (failures.length === before) ok += 1;
  }
  return {
    failures,
    counts: [
      {
        library,
        format,
        consumer,
        entries: entries.length,
        ok,
        errors,
        warnings,
        tolerated,
        failures: failures.length,
        note: tolerated ? 'tolerated: missing date of an undated paper' : undefined,
      },
    ],
  };
}
