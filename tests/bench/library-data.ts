/**
 * The generated 100k-paper library of tests/bench/library.ts (seeded: every run builds the same one). See that file's
 * header for its shape.
 */
import type { Paper, Sighting } from '../../lib/paper/model.ts';

/** The fixed "now" the library is generated around. */
export const NOW = Date.UTC(2026, 10, 30, 12);

/** mulberry32: a small seeded generator, so every run measures the same library. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = generator(20261130);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

const WORDS = (
  'graph neural network networks transformer attention learning deep model models language large diffusion quantum ' +
  'lattice spin dynamics optimal robust sparse efficient scale scaling reinforcement policy gradient convex bounds ' +
  'stochastic inference bayesian causal representation contrastive self supervised vision image video retrieval ' +
  'generation reasoning chain thought alignment preference optimization federated privacy adversarial benchmark ' +
  'evaluation kernel manifold topology entanglement superconducting phonon magnetic thin films catalysis protein ' +
  'molecular sequence time series forecasting control robotics planning multi agent game theory equilibrium'
).split(' ');
const TEX_BITS = ['$\\mathcal{L}$-Lipschitz', '$O(n \\log n)$', '{BERT}', '$k$-means', '\\emph{in situ}'];
const ACCENTED = ['Über', 'Café', 'Ødegaard', 'naïve', 'Schrödinger', 'Poincaré'];
const GIVEN = ['Ada', 'Grace', 'Alan', 'Emmy', 'John', 'Maria', 'Wei', 'Yuki', 'Priya', 'Omar', 'Lena', 'Tomás', 'Zoë'];
const FAMILY = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Noether',
  'Smith',
  'Garcia',
  'Chen',
  'Tanaka',
  'Patel',
  'Haddad',
  'Müller',
  'Øvergaard',
  'Nguyễn',
  'Kowalski',
];
const CJK = ['李华', '王伟', '张敏', '山田太郎', '김민수'];
const TAGS = Array.from({ length: 50 }, (_, n) =>
  n % 5 === 0 ? `cs/${['LG', 'CL', 'CV', 'AI', 'RO'][n % 5]}${n}` : `topic-${n}`,
);
const SITES = [
  { site: 'huggingface', url: 'https://huggingface.co/papers' },
  { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
  { site: 'arxiv-search', url: 'https://arxiv.org/a/search?query=graph' },
];

function sentence(words: number): string {
  return Array.from({ length: words }, () => pick(WORDS)).join(' ');
}

function title(): string {
  const words = Array.from({ length: between(6, 16) }, () => pick(WORDS));
  words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1);
  const roll = random();
  if (roll < 0.08) words.splice(between(0, words.length - 1), 0, pick(TEX_BITS));
  else if (roll < 0.12) words.splice(between(0, words.length - 1), 0, pick(ACCENTED));
  else if (roll < 0.13) words.push(pick(CJK));
  return words.join(' ');
}

function author(): string {
  const roll = random();
  if (roll < 0.03) return pick(CJK);
  return `${pick(GIVEN)} ${pick(FAMILY)}`;
}

export function generateLibrary(count: number): { papers: Paper[]; sightings: Sighting[] } {
  const papers: Paper[] = [];
  const sightings: Sighting[] = [];
  for (let n = 0; n < count; n += 1) {
    // (year, month, sequence) is a bijection of n, so every key is unique.
    const year = 15 + (n % 12);
    const month = 1 + (Math.floor(n / 12) % 12);
    const yymm = `${year}${String(month).padStart(2, '0')}`;
    const arxivId = `${yymm}.${String(1 + Math.floor(n / 144)).padStart(5, '0')}`;
    const isDoi = n % 10 === 9;
    const firstSeenAt = NOW - between(0, 700) * 86_400_000 - between(0, 86_399_999);
    const paper: Paper = {
      key: isDoi ? `doi:10.1101/2020.01.${String(n).padStart(6, '0')}` : `arxiv:${arxivId}`,
      ...(isDoi ? {} : { arxivId, primaryCategory: 'cs.LG', latestVersion: between(1, 3) }),
      title: title(),
      authors: Array.from({ length: between(1, 20) }, author),
      abstract: sentence(150).slice(0, 1000),
      subjects: isDoi ? [] : ['cs.LG', 'stat.ML'],
      published: `20${year}-${String(month).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`,
      firstSeenAt,
      lastSeenAt: firstSeenAt + between(0, 30) * 86_400_000,
      createdAt: firstSeenAt,
      updatedAt: firstSeenAt,
    };
    if (random() < 0.3) paper.tags = [...new Set(Array.from({ length: between(1, 3) }, () => pick(TAGS)))];
    if (random() < 0.1) paper.note = sentence(between(15, 220)).slice(0, between(100, 1500));
    if (random() < 0.4) {
      paper.savedAt = firstSeenAt + between(0, 5) * 3_600_000;
      paper.savedFrom = pick(SITES);
    }
    if (random() < 0.2) paper.openedAt = firstSeenAt + 60_000;
    if (paper.latestVersion !== undefined)
      paper.seenVersion = Math.max(1, paper.latestVersion - (random() < 0.1 ? 1 : 0));
    papers.push(paper);
    const seen = random() < 0.5 ? 1 : random() < 0.5 ? 2 : 3;
    for (let s = 0; s < seen; s += 1) {
      const place = pick(SITES);
      sightings.push({
        id: `s-${n}-${s}`,
        paperKey: paper.key,
        site: place.site,
        url: place.url,
        at: firstSeenAt + s * 86_400_000,
      });
    }
  }
  return { papers, sightings };
}
