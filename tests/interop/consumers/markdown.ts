/**
 * Dogear's Markdown file and Obsidian zip: `unzip -t` passes and every note extracts; every note's frontmatter is one
 * YAML mapping a strict parser (the `yaml` package, unique keys) reads without error or warning, with the paper's cite
 * key as file name; rendered by pandoc as GitHub Markdown (what Obsidian's renderer follows), no link or image points
 * to `javascript:`, `data:` or `vbscript:`, and a DOI link of a DOI with parentheses links to the whole DOI (the one
 * Markdown file must link every DOI).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { doiOf } from '../../../lib/formats/common/paper.ts';
import { type Entry, FILE, type Failure, type Outcome } from '../report.ts';
import { run } from '../tools.ts';

/** A link or source in an HTML tag (not in escaped text, where pandoc writes `&lt;a href="…"`) with a script target. */
const UNSAFE_LINK = /<[A-Za-z][^<>]*?\s(?:href|src)\s*=\s*"\s*(?:javascript|data|vbscript)\s*:[^"]*"/gi;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory() ? filesUnder(join(dir, item.name)) : [join(dir, item.name)],
  );
}

/** The decoded targets of every link in an HTML fragment. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => {
    const raw = match[1]!
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  });
}

/** Links checked in rendered HTML: no unsafe target, and the DOI link of a DOI paper whole. */
function linkFailures(format: string, html: string, entry: Entry | undefined, name: string): Failure[] {
  const failures: Failure[] = [];
  for (const match of html.matchAll(UNSAFE_LINK)) {
    failures.push({ format, consumer: 'pandoc -f gfm (links)', entry: name, message: `clickable ${match[0]}` });
  }
  const doi = entry === undefined ? undefined : doiOf(entry.paper);
  const doiLinks = hrefs(html).filter((href) => href.includes('doi.org/'));
  if (
    doi !== undefined &&
    /[()<>]/.test(doi) &&
    doiLinks.length > 0 &&
    !doiLinks.some((href) => href.toLowerCase().includes(doi))
  ) {
    failures.push({
      format,
      consumer: 'pandoc -f gfm (links)',
      entry: name,
      message: `no link to the whole DOI ${doi}: ${doiLinks.join(' ')}`,
    });
  }
  return failures;
}

/** The one Markdown file links every paper's DOI: a DOI with parentheses or angle brackets must come out whole. */
function doiLinkMissing(html: string, entry: Entry): Failure[] {
  const doi = doiOf(entry.paper);
  if (doi === undefined || !/[()<>]/.test(doi) || hrefs(html).some((href) => href.toLowerCase().includes(doi)))
    return [];
  return [
    {
      format: 'markdown',
      consumer: 'pandoc -f gfm (links)',
      entry: entry.name,
      message: `no link to the whole DOI ${doi}`,
    },
  ];
}

async function toHtml(cwd: string, markdown: string): Promise<string> {
  return (await run('pandoc', ['-f', 'gfm', '-t', 'html', '--wrap=none'], { cwd, input: markdown })).stdout;
}

export async function checkMarkdown(
  library: string,
  dir: string,
  markdown: string,
  zip: Uint8Array,
  entries: readonly Entry[],
): Promise<Outcome> {
  const work = join(dir, 'markdown');
  const notes = join(work, 'notes');
  mkdirSync(notes, { recursive: true });
  writeFileSync(join(work, 'library.md'), markdown);
  writeFileSync(join(work, 'library.zip'), zip);
  const failures: Failure[] = [];

  // The one Markdown file (no frontmatter): links only, checked per paper when its `## ` sections are one a paper.
  const sections = markdown.split(/^(?=## )/m).slice(1);
  if (sections.length === entries.length) {
    const html = await toHtml(
      work,
      sections.map((section, index) => `\n\nDOGEARNOTE${index}\n\n${section}`).join('\n'),
    );
    for (const chunk of html.split('<p>DOGEARNOTE').slice(1)) {
      const entry = entries[Number(chunk.slice(0, chunk.indexOf('</p>')))];
      failures.push(...linkFailures('markdown', chunk, entry, entry?.name ?? FILE));
      if (entry !== undefined) failures.push(...doiLinkMissing(chunk, entry));
    }
  } else {
    // Sections not one a paper: the whole file, findings not tied to a paper.
    const html = await toHtml(work, markdown);
    failures.push(...linkFailures('markdown', html, undefined, FILE));
    for (const entry of entries) failures.push(...doiLinkMissing(html, entry));
  }

  const format = 'markdown-zip';
  const tested = await run('unzip', ['-t', 'library.zip'], { cwd: work });
  if (tested.code !== 0 || !/No errors detected/.test(tested.stdout)) {
    failures.push({
      format,
      consumer: 'unzip -t',
      entry: FILE,
      message: `${tested.stdout.slice(-600)}${tested.stderr}`,
    });
  }
  const extracted = await run('unzip', ['-o', '-q', 'library.zip', '-d', 'notes'], { cwd: work });
  if (extracted.code !== 0) {
    failures.push({
      format,
      consumer: 'unzip',
      entry: FILE,
      message: `exit ${extracted.code}: ${extracted.stderr.slice(-600)}`,
    });
  }
  const files = filesUnder(notes).filter((path) => path.endsWith('.md'));
  const byName = new Map(files.map((path) => [relative(notes, path).replace(/\.md$/, ''), path]));
  let ok = 0;
  let yamlErrors = 0;
  const bodies: Array<{ entry: Entry; body: string }> = [];
  for (const entry of entries) {
    const path = byName.get(entry.citeKey);
    const before = failures.length;
    if (path === undefined) {
      failures.push({
        format,
        consumer: 'unzip',
        entry: entry.name,
        message: `no note ${entry.citeKey}.md in the zip`,
      });
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
    if (!front) {
      failures.push({ format, consumer: 'yaml (strict)', entry: entry.name, message: 'no frontmatter block' });
    } else {
      const document = parseDocument(front[1]!, { strict: true, uniqueKeys: true, prettyErrors: false });
      const problems = [...document.errors, ...document.warnings];
      yamlErrors += problems.length;
      for (const problem of problems) {
        failures.push({ format, consumer: 'yaml (strict)', entry: entry.name, message: problem.message });
      }
      const value: unknown = problems.length === 0 ? document.toJS() : undefined;
      if (problems.length === 0 && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        failures.push({
          format,
          consumer: 'yaml (strict)',
          entry: entry.name,
          message: 'frontmatter is not a mapping',
        });
      }
    }
    bodies.push({ entry, body: front ? text.slice(front[0].length) : text });
    if (failures.length === before) ok += 1;
  }
  if (files.length !== entries.length) {
    failures.push({
      format,
      consumer: 'unzip',
      entry: FILE,
      message: `${files.length} notes for ${entries.length} papers`,
    });
  }
  // One pandoc run for all notes: each body after a marker paragraph, the HTML split on the markers.
  const joined = bodies.map(({ entry, body }) => `\n\nDOGEARNOTE${entry.citeKey}\n\n${body}`).join('\n');
  const html = await toHtml(work, joined);
  const byKey = new Map(entries.map((entry) => [entry.citeKey, entry]));
  for (const chunk of html.split('<p>DOGEARNOTE').slice(1)) {
    const key = chunk.slice(0, chunk.indexOf('</p>'));
    const entry = byKey.get(key);
    failures.push(...linkFailures(format, chunk, entry, entry?.name ?? key));
  }
  return {
    failures,
    counts: [
      {
        library,
        format: 'markdown-zip',
        consumer: 'unzip + yaml + pandoc',
        entries: entries.length,
        ok,
        errors: yamlErrors + (tested.code === 0 ? 0 : 1),
        warnings: 0,
        tolerated: 0,
        failures: failures.length,
      },
    ],
  };
}
