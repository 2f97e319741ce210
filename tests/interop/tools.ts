/**
 * The external programs the conformance suite feeds Dogear's exports to. The suite installs nothing: a missing program
 * fails the run with its name and the Debian package it comes from (`.ci/run` installs them on CI).
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Each program the suite runs, with the Debian package that provides it. */
export const TOOLS = {
  bibtex: 'texlive-latex-base (texlive-binaries)',
  pdflatex: 'texlive-latex-base',
  kpsewhich: 'texlive-latex-base (texlive-binaries)',
  biber: 'biber',
  pandoc: 'pandoc',
  ris2xml: 'bibutils',
  xml2bib: 'bibutils',
  unzip: 'unzip',
  python3: 'python3',
} as const;

/** TeX files the documents load, with their package. */
export const TEX_FILES = {
  'natbib.sty': 'texlive-latex-base',
  'plainnat.bst': 'texlive-latex-base',
  'url.sty': 'texlive-latex-base',
  'biblatex.sty': 'texlive-bibtex-extra',
} as const;

/** Names of the missing programs and TeX files, each with its package; empty when everything is there. */
export function missingTools(): string[] {
  const missing: string[] = [];
  for (const [tool, pkg] of Object.entries(TOOLS)) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (found.status !== 0) missing.push(`${tool} (Debian package ${pkg})`);
  }
  if (missing.some((name) => name.startsWith('kpsewhich'))) return missing;
  for (const [file, pkg] of Object.entries(TEX_FILES)) {
    const found = spawnSync('kpsewhich', [file], { encoding: 'utf8' });
    if (found.status !== 0 || found.stdout.trim() === '') missing.push(`${file} (Debian package ${pkg})`);
  }
  return missing;
}

export interface RunResult {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** At most this many programs at once: TeX runs are CPU-bound. */
export const SLOTS = Math.max(2, availableParallelism());
let running = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (running >= SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

/**
 * Runs `command` with `args` in `cwd` (no shell, stdin closed or fed `input`), resolving with its exit code and output;
 * never rejects on a non-zero exit, which the caller judges.
 */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv } = { cwd: '.' },
): Promise<RunResult> {
  const release = await slot();
  const started = performance.now();
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({
          command: [command, ...args].join(' '),
          code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      );
      child.stdin.end(options.input ?? '');
    });
  } finally {
    const time = timings.get(command) ?? { runs: 0, ms: 0 };
    timings.set(command, { runs: time.runs + 1, ms: time.ms + performance.now() - started });
    release();
  }
}

/** Wall time spent in each program, for the summary: what the suite's minute goes to. */
export const timings = new Map<string, { runs: number; ms: number }>();

export function timingLine(): string {
  return [...timings]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([command, time]) => `${command} ${(time.ms / 1000).toFixed(1)} s (${time.runs}×)`)
    .join(', ');
}
