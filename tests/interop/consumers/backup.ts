/** The JSON backup: export → import → export gives the same bytes, and no record is rejected on the way. */
import { formatReferences, parseReferences } from '../../../lib/formats/index.ts';
import { canonicalJson } from '../../../lib/formats/json-backup/canonical.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { type Entry, FILE, type Failure, type Outcome } from '../report.ts';

export async function checkBackup(library: string, entries: readonly Entry[], now: number): Promise<Outcome> {
  const format = 'json';
  const consumer = 'export → import → export';
  const papers = entries.map((entry) => entry.paper);
  const first = await formatReferences('json', papers, { now });
  const failures: Failure[] = [];
  let ok = 0;
  try {
    const parsed = await parseReferences(first, 'dogear.json');
    for (const rejection of parsed.rejections) {
      const entry = entries[rejection.entry - 1];
      failures.push({ format, consumer, entry: entry?.name ?? FILE, message: `rejected: ${rejection.reason}` });
    }
    const back = parsed.papers as Paper[];
    const byKey = new Map(back.map((paper) => [paper.key, paper]));
    for (const entry of entries) {
      const again = byKey.get(entry.paper.key);
      if (again === undefined) continue;
      if (canonicalJson(again) === canonicalJson(entry.paper)) ok += 1;
      else {
        failures.push({
          format,
          consumer,
          entry: entry.name,
          message: `record changed: ${canonicalJson(entry.paper).slice(0, 300)} → ${canonicalJson(again).slice(0, 300)}`,
        });
      }
    }
    const second = await formatReferences('json', back, { now });
    if (second !== first) {
      let at = 0;
      while (at < first.length && first[at] === second[at]) at += 1;
      failures.push({
        format,
        consumer,
        entry: FILE,
        message: `bytes differ from offset ${at}: ${JSON.stringify(first.slice(at, at + 80))} → ${JSON.stringify(second.slice(at, at + 80))}`,
      });
    }
  } catch (error) {
    failures.push({ format, consumer, entry: FILE, message: `import failed: ${String(error)}` });
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
        errors: 0,
        warnings: 0,
        tolerated: 0,
        failures: failures.length,
      },
    ],
  };
}
