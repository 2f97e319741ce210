/**
 * Hugging Face Papers adapter on the real captures (tests/fixtures/PROVENANCE.md). Expected records were written from
 * the fixture bytes (the `data-props` JSON and the card markup), not from parser output.
 */
import { describe, expect, it } from 'vitest';
import { adapter, parseHuggingFace } from '../../../lib/sites/huggingface/adapter.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import type { ListingEntry } from '../../../lib/sites/types.ts';
import { type LoadedPage, entryRecord, loadFixture } from '../load-fixture.ts';

const SERVER = { fixture: 'huggingface/daily_papers_2026-07-02_server.html', url: 'https://huggingface.co/papers' };
const RENDERED = {
  fixture: 'huggingface/daily_papers_2026-09-28_rendered.html',
  url: 'https://huggingface.co/papers/date/2026-09-28',
};

function load(page: { fixture: string; url: string }): LoadedPage {
  return loadFixture(page.fixture, page.url);
}

function parse(page: LoadedPage): { entries: ListingEntry[]; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const entries = parseHuggingFace(page.doc, page.url, (issue) => issues.push(issue));
  return { entries, issues };
}

/** Parse results of the untouched captures, shared by the read-only tests (loading a capture takes ~0.3 s). */
const pristine = new Map<string, ListingEntry[]>();
function parsePristine(page: { fixture: string; url: string }): ListingEntry[] {
  if (!pristine.has(page.fixture)) pristine.set(page.fixture, parse(load(page)).entries);
  return pristine.get(page.fixture)!;
}

/** What a test compares: the stored part of an entry plus its listing extras. */
const record = entryRecord;

const island = (doc: Document): Element => doc.querySelector('[data-target="DailyPapers"]')!;

function islandProps(doc: Document): { dailyPapers: { paper: Record<string, unknown> }[] } & Record<string, unknown> {
  return JSON.parse(island(doc).getAttribute('data-props')!);
}

function setIslandProps(doc: Document, props: unknown): void {
  island(doc).setAttribute('data-props', JSON.stringify(props));
}

describe('detect', () => {
  it.each([
    ['https://huggingface.co/papers', 'daily'],
    ['https://huggingface.co/papers/', 'daily'],
    ['https://huggingface.co/papers/date/2026-07-01', 'daily'],
    ['https://huggingface.co/papers/week/2026-W27', 'week'],
    ['https://huggingface.co/papers/month/2026-03', 'month'],
    ['https://huggingface.co/papers/trending', 'trending'],
    ['https://huggingface.co/papers?q=diffusion', 'search'],
    ['https://huggingface.co/papers/trending?q=agents', 'search'],
    ['https://huggingface.co/papers/date/2026-07-01?q=llm', 'search'],
    ['https://huggingface.co/papers?q=', 'daily'],
    ['https://huggingface.co/papers#community', 'daily'],
    ['https://huggingface.co/papers/2606.28322', undefined],
    ['https://huggingface.co/papers/2606.28322?q=x', undefined],
    ['https://huggingface.co/papers/date/2026-7-1', undefined],
    ['https://huggingface.co/papers/week/2026-27', undefined],
    ['https://huggingface.co/papers/submit', undefined],
    ['https://huggingface.co/papersfoo', undefined],
    ['https://huggingface.co/models', undefined],
    ['https://hf.co/papers', undefined],
    ['https://arxiv.org/papers', undefined],
  ])('%s → %s', (url, kind) => {
    expect(adapter.detect(new URL(url))).toBe(kind);
  });
});

describe.each([
  { ...SERVER, count: 31, first: '2606.28322', last: '2606.28430' },
  { ...RENDERED, count: 28, first: '2609.31620', last: '2604.02103' },
])('$fixture', ({ fixture, url, count, first, last }) => {
  it(`has exactly ${count} entries, one per card, in page order, with no skipped rows`, () => {
    const page = load({ fixture, url });
    const { entries, issues } = parse(page);
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(count);
    const cardIds = Array.from(page.doc.querySelectorAll('article h3 a[href^="/papers/"]'), (a) =>
      a.getAttribute('href')!.slice('/papers/'.length),
    );
    expect(entries.map((entry) => entry.paper.arxivId)).toEqual(cardIds);
    expect(entries[0]!.paper.arxivId).toBe(first);
    expect(entries.at(-1)!.paper.arxivId).toBe(last);
  });

  it('uses the page card as root and anchors the controls next to the title, inside the card', () => {
    const page = load({ fixture, url });
    const articles = Array.from(page.doc.querySelectorAll('article'));
    const { entries } = parse(page);
    entries.forEach((entry, index) => {
      expect(entry.roots).toHaveLength(1);
      expect(entry.roots[0]).toBe(articles[index]);
      expect(entry.roots[0]!.tagName).toBe('ARTICLE');
      // anchor = the h3's parent block: inside the card, holding the title heading, not the heading itself
      expect(entry.anchor.tagName).toBe('DIV');
      expect(entry.anchor.querySelector(':scope > h3 a[href^="/papers/"]')).not.toBeNull();
      expect(articles[index]!.contains(entry.anchor)).toBe(true);
    });
  });

  it('leaves the page DOM unchanged', () => {
    const page = load({ fixture, url });
    const before = page.doc.documentElement.outerHTML;
    parse(page);
    expect(page.doc.documentElement.outerHTML).toBe(before);
  });

  it('gives every entry a title, authors, abstract, published date and upvotes from the JSON', () => {
    for (const entry of parsePristine({ fixture, url })) {
      expect(entry.paper.key).toBe(`arxiv:${entry.paper.arxivId}`);
      expect(entry.paper.title.length).toBeGreaterThan(0);
      expect(entry.paper.authors.length).toBeGreaterThan(0);
      expect(entry.paper.abstract?.length).toBeGreaterThan(0);
      // Papers the page data dates months after their id's month carry no date (their id's month dates them).
      if (['2601.06352', '2601.06362', '2608.09444', '2604.02103'].includes(entry.paper.arxivId!)) {
        expect(entry.paper.published).toBeUndefined();
      } else {
        expect(entry.paper.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(entry.upvotes).toBeGreaterThanOrEqual(0);
      expect(entry.section).toBeUndefined();
    }
  });
});

/** Server capture, `dateString` 2026-07-02: cards 0 (first), 2 (summary with line breaks), 15 (middle), 30 (last). */
const SERVER_RECORDS = {
  // card 0
  card0: {
    paper: {
      key: 'arxiv:2606.28322',
      arxivId: '2606.28322',
      title: 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception',
      authors: [
        'Yana Wei',
        'Hongbo Peng',
        'Yanlin Lai',
        'Liang Zhao',
        'Kangheng Lin',
        'En Yu',
        'Keyu Lv',
        'Han Zhou',
        'Yin Tang',
        'Haodong Li',
        'Mitt Huang',
        'Hangyu Guo',
        'Jianjian Sun',
        'Zheng Ge',
        'Xiangyu Zhang',
        'Daxin Jiang',
        'Vishal M. Patel',
      ],
      abstract:
        'We introduce PerceptionRubrics, a rubric-based evaluation framework that addresses the gap between saturated benchmark scores and real-world brittleness. Shifting evaluation from holistic semantic matching to rigorous atomic auditing, PerceptionRubrics pairs 1,038 information-dense images with over 12,000 instance-specific rubrics. These criteria are derived from golden captions constructed via a novel Circular Peer-Review consensus pipeline and then distilled into a dual-stream system of Must-Right (essential facts) and Easy-Wrong (fine-grained details) rubrics. Crucially, PerceptionRubrics implements a Gated Scoring mechanism: unlike linear averages, failure on mandatory visual facts triggers sharp binary penalties. Extensive evaluation yields critical insights: (1) The Reliability Gap: models often verify fragmented elements correctly yet fail strict conjunctive constraints, exposing brittleness in dense domains; (2) Open-Closed Stratification: contrary to reasoning trends, we reveal a persistent 8% perception deficit between open-source and proprietary frontiers; and (3) Human-Aligned Rigor: our gated metrics substantially out-align conventional benchmarks, validating that strict perceptual fidelity is the prerequisite for reliable generation.',
      subjects: [],
      published: '2026-06-26',
    },
    upvotes: 33,
  },
  // card 2
  card2: {
    paper: {
      key: 'arxiv:2606.19271',
      arxivId: '2606.19271',
      title: 'TurboServe: Serving Streaming Video Generation Efficiently and Economically',
      authors: [
        'Youhe Jiang',
        'Haoxu Wang',
        'Haotong Bao',
        'Kai Jiang',
        'Jianfei Chen',
        'Jun Zhu',
        'Fangcheng Fu',
        'Jintao Zhang',
      ],
      abstract:
        'Streaming video generation is emerging as a new serving workload in which users interact with long-lived sessions that generate video progressively, chunk by chunk. Unlike offline video generation or typical LLM serving, streaming video generation must preserve session state across active and idle periods, repeatedly schedule ongoing sessions, and deliver each chunk under a tight latency target. This creates two key serving challenges in multi-user, multi-GPU environments: session duration heterogeneity, where long-running sessions make placement decisions suboptimal over time, and temporal user-demand heterogeneity, where the number of active sessions fluctuates sharply across bursts and idle periods.\n  We present TurboServe, the first serving system designed specifically for streaming video generation workloads. TurboServe formulates serving as an online scheduling problem that jointly coordinates session placement and GPU provisioning. Its closed-loop scheduling algorithm combines a migration-aware placement controller, which rebalances sessions across GPUs to reduce the maximum per-chunk latency, with a load-driven autoscaling controller, which adapts the GPU budget to workload variation for improved cost efficiency. To support these decisions at runtime, TurboServe implements coalesced chunk processing for batching concurrent active sessions on the same GPU, GPU-CPU offloading for session suspension and resumption, and NCCL-based GPU-GPU migration for online rebalancing. We evaluate TurboServe on real-world production traces from Shengshu Technology across multiple model sizes and GPU clusters with up to 64 NVIDIA B300 GPUs. Compared with baseline serving configurations, TurboServe reduces worst-case per-chunk latency by 37.5% and total GPU operating cost by 37.2% on average. Our code is publicly available at https://github.com/shengshu-ai/TurboServe.',
      subjects: [],
      published: '2026-06-17',
    },
    upvotes: 19,
  },
  // card 15
  card15: {
    paper: {
      key: 'arxiv:2607.00553',
      arxivId: '2607.00553',
      title: 'Cross-Domain Generalization Failure in Lightweight Intrusion Detection Models for IIoT Networks',
      authors: ['MD Azizul Hakim', 'Md Shihab Uddin', 'Talha Ibne Anis'],
      abstract:
        'Lightweight machine learning models are increasingly proposed for intrusion detection in Industrial Internet of Things (IIoT) networks due to their suitability for resource-constrained edge deployment. Most reported results evaluate these models only within their training network, leaving behavior on unseen networks unverified. This study trains four lightweight architectures on one IIoT dataset and evaluates them, without retraining, on two structurally distinct IIoT datasets using a feature representation restricted to attributes available across all three sources. Explainability analysis across two top-performing models shows both rely overwhelmingly on coarse port-category features; the most influential category occurs in source-domain attack traffic at 96 to 435 times the rate in the two target domains, indicating that coarsening port resolution relocates rather than removes a documented shortcut. Evaluation under naturally imbalanced class distributions reveals a further effect: the evaluation protocol used can reverse which target network appears to pose the greater generalization challenge. Adversarial robustness and recovery through limited target-domain exposure are also assessed; robustness to adversarial perturbation is unrelated to cross-network generalization, and recovery through adaptation varies considerably by architecture. These findings suggest deployment readiness should be assessed using cross-network evaluation under realistic class distributions, rather than within-domain accuracy alone.',
      subjects: [],
      published: '2026-07-01',
    },
    upvotes: 5,
  },
  // card 30
  card30: {
    paper: {
      key: 'arxiv:2606.28430',
      arxivId: '2606.28430',
      title: 'Building to the Test: Coding Agents Deliver What You Check, Not What You Requested',
      authors: ['Yanuo Ma', 'Ben Kereopa-Yorke', 'Ben Schultz'],
      abstract:
        'Benchmarks are widely used to evaluate task completion by Large Language Models (LLMs), but this approach has accumulated construction-validity problems, and a passing score may not show whether the requested task was delivered. We study both problems. In a controlled code-as-spec setup, two production Copilot CLI agents (claude-opus-4.7, gpt-5.5) re-implement a React Fluent-UI data table in Angular as a reusable library under a hidden 222-test Playwright oracle across 18 runs and three oracle-availability conditions. Alongside the score, we run a mechanical library audit and check each verdict with a no-op ablation. Without the oracle, the library is present but unfinished, revealed by scores. With the oracle in the loop, the score reaches near-perfect, but from a demo holding the tested behavior directly, the library left dead or absent. We call this building to the test; the broader disposition behind both we call validation self-awareness. The agent does not, on its own, validate what it ships as a user would. Prevalence remains an open question across other agents, signals, and model families. Beyond benchmark scores, dispositions like validation self-awareness merit research attention.',
      subjects: [],
      published: '2026-06-26',
    },
    upvotes: 1,
  },
};

/** Rendered capture, `dateString` 2026-09-28: cards 0 (first), 3 (non-ASCII title), 14 (middle), 27 (last, 0 votes). */
const RENDERED_RECORDS = {
  // card 0
  card0: {
    paper: {
      key: 'arxiv:2609.31620',
      arxivId: '2609.31620',
      title:
        'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap in Representation Autoencoders',
      authors: [
        'Hongyang Du',
        'Yunfei Xie',
        'Junjie Ye',
        'Jiawei Yang',
        'Xiaoyan Cong',
        'Haodong Zhang',
        'Yongchao Huang',
        'Haiyu Wu',
        'Zongxia Li',
        'Shihang Gui',
        'Dawei Liu',
        'Runhao Li',
        'Jingcheng Ni',
        'Chen Wei',
        'Randall Balestriero',
        'Yue Wang',
      ],
      abstract:
        'Representation autoencoders (RAEs) reuse features from a pretrained visual encoder as reconstruction and diffusion latents, integrating strong visual representations into image generation. However, RAEs still need to decide which encoder layers form the shared latent space for the generator and pixel decoder. This choice involves a trade-off. Shallower layers tend to preserve fine pixel details better, while deeper layers tend to yield better generation metrics. A fixed heuristic layer fusion therefore couples two stages that benefit from different information. We introduce FuseReg, which replaces heuristic feature selection with training over random subsets of encoder layers. We theoretically analyze the underlying mechanism: subset sampling explicitly penalizes sensitivity to cross-layer disagreement. On ImageNet-256 with DINOv3-L, a single FuseReg decoder reconstructs from full, sparse, and single-layer fusions without retraining, achieving higher PSNR than decoders specialized to fixed fusions. This flexibility also benefits generation: decoder replacement alone reduces unguided gFID by 27% with an unchanged RAEv2 DiT-XL generator. The same regularization principle extends to diffusion training, with joint regularization of both stages reducing unguided gFID by 29% on DiT-Base. These results show that training downstream models for layer-fusion robustness narrows the reconstruction-generation gap without modifying the pretrained encoder.',
      subjects: [],
      published: '2026-09-25',
    },
    upvotes: 110,
  },
  // card 3
  card3: {
    paper: {
      key: 'arxiv:2609.31394',
      arxivId: '2609.31394',
      title: 'InternW0-Δ: A World Action Model Bridging Predictive Dynamics and Actions with 20K+ Hours of Open Data',
      authors: [
        'Xingyu Miao',
        'Zizun Li',
        'Baole Fang',
        'Kaiwen Song',
        'Tenghui Wang',
        'Hanxue Zhang',
        'Yating Wang',
        'Xudong Li',
        'Yuping He',
        'Xueyuan Wei',
        'Chao Gao',
        'Xijie Yang',
        'Yingxiang Xu',
        'Kerui Ren',
        'Wenqi Guo',
        'Jianjun Zhou',
        'Xinzhe Wang',
        'Weiguang Zhao',
        'Ni Yang',
        'Zetao Cai',
        'Yufei Xue',
        'Hengjie Li',
        'Zeyu He',
        'Yuanzhen Zhou',
        'Rong Fu',
        'Jianyang Zhang',
        'Siwei Cui',
        'Fuxian Huang',
        'Yunsong Zhou',
        'Xing Gao',
        'Yifei Yao',
        'Qiaojun Yu',
        'Kailin Li',
        'Ming Zhou',
        'Mu Huang',
        'Xinyue Li',
        'Wenze Cui',
        'Bingqi Jiang',
        'Xueyue Zhu',
        'Junting Dong',
        'Haoyu Guo',
        'Tao Lu',
        'Mulin Yu',
        'Bowen Zhou',
        'Bin Zhao',
        'Tianfan Xue',
        'Weinan Zhang',
        'Chunhua Shen',
      ],
      abstract:
        'World Action Models (WAMs) jointly model visual dynamics and action generation for generalist robot manipulation. A central challenge is to integrate priors from large-scale pretrained models---including visual dynamics, scene semantics, geometry, and motion---into a unified framework for robot action generation. We introduce InternW0-Δ, a unified WAM pretrained on a heterogeneous corpus that outperforms prior methods across simulation benchmarks and real-robot platforms.\n  InternW0-Δ combines pretrained visual dynamics, scene-level semantics, 4D geometric and motion priors, and action generation within a Mixture-of-Transformers (MoT) framework. A pretrained video expert and an action expert interact under semantic guidance from a frozen VLM, while a pretrained 4D foundation model injects geometric and motion priors through training-only distillation. We further introduce Causal Imprint, which learns future-relevant scene changes from training-only future supervision and provides predictive representations directly to the action expert without future-video rollout at inference.\n  For large-scale joint training, we construct a heterogeneous corpus of robot demonstrations, UMI data, egocentric human demonstrations, and Ego2Robot data, curated and aligned under a common state-action representation. The resulting corpus contains over 20K hours of processed training data, to our knowledge the largest open-source corpus of its kind. We pretrain InternW0-Δ on this corpus and demonstrate strong performance across simulation benchmarks and real-robot platforms. We will open source the training code, model weights, infrastructure, data-processing pipeline, and processed data where licenses permit. Project page: https://internrobotics.github.io/InternW0-Delta/',
      subjects: [],
      published: '2026-09-25',
    },
    upvotes: 17,
  },
  // card 14
  card14: {
    paper: {
      key: 'arxiv:2609.30192',
      arxivId: '2609.30192',
      title: 'SAGE: Mitigating Long-Horizon Reasoning Biases via Topological Guidance',
      authors: ['Xinyue Zeng', 'Jiawei Zhang', 'Yujun Yan', 'Dawei Zhou'],
      abstract:
        'Long-horizon reasoning remains a central challenge for large language models (LLMs) under sparse-reward regimes. We argue that this brittleness arises from two biases induced by complex reasoning spaces: an exploration bias, where models are drawn toward locally plausible but structurally unstable branches, and a compounding bias, where small local deviations accumulate across depth and suppress rare rewards. We introduce Symbolic Closure Analysis (SCA) as a theoretical lens characterizing how branching structures and sparse rewards induce these biases in long-horizon reasoning with local admissibility, and as a design principle for structural priors in less formal reasoning tasks. Motivated by this analysis, we propose SAGE (Structural Admissibility-Guided Exploration), a unified framework that injects structural guidance to alleviate exploration bias and compounding bias in long-horizon reasoning. SAGE combines two complementary structural guidance: algebraic sparsification, which projects locally admissible candidates onto operator-indexed algebraic subspaces to suppress spurious branching and mitigate exploration bias, and hyperbolic structural guidance, which embeds reasoning states into a negatively curved space to provide dense depth-wise signals and mitigate compounding bias. Across 12 benchmarks and 7 model families, SAGE outperforms competitive baselines. In particular, SAGE achieves up to an 8-fold improvement on the Andrews-Curtis problem, an open real-world long-horizon task. Code is available at: https://github.com/Susan571/SAGE-NeurIPS2026.',
      subjects: [],
      published: '2026-09-24',
    },
    upvotes: 3,
  },
  // card 27
  card27: {
    paper: {
      key: 'arxiv:2604.02103',
      arxivId: '2604.02103',
      title: 'BoundInk: Boundary-Aware Online Handwriting Generation',
      authors: ['Jinsu Shin', 'Sungeun Hong', 'JinYeong Bak'],
      abstract:
        'Realistic online handwriting depends not only on individual character shapes, but also on how a writer connects, spaces, and aligns adjacent characters. Existing methods rely primarily on long-range sequence modeling and capture these inter-character behaviors only implicitly. This often produces plausible glyphs accompanied by broken cursive joins, inconsistent spacing, or writer-inconsistent transitions. We introduce BoundInk, a writer-conditioned framework that treats inter-character boundaries as explicit generation units. By jointly modeling local transitions and surrounding text context, BoundInk preserves writer-specific glyph appearance while improving connectivity and spacing across complete text lines. We further introduce a boundary-aware evaluation framework that directly assesses cursive continuity and spatial relationships between characters beyond conventional trajectory similarity. Across three benchmark-matched settings, BoundInk improves all applicable boundary-quality measures and reduces normalized dynamic time warping by 17.6--47.8%. In blind human evaluations, BoundInk outputs are preferred in 78.0--82.6% of valid criterion-wise judgments.',
      subjects: [],
      // The page data says 2026-09-20, five months after the id's month: not its v1 date.
    },
    upvotes: 0,
  },
};

describe('full records', () => {
  it.each([
    [0, SERVER_RECORDS.card0],
    [2, SERVER_RECORDS.card2],
    [15, SERVER_RECORDS.card15],
    [30, SERVER_RECORDS.card30],
  ])('server card %i', (index, expected) => {
    expect(record(parsePristine(SERVER)[index])).toEqual(expected);
  });

  it.each([
    [0, RENDERED_RECORDS.card0],
    [3, RENDERED_RECORDS.card3],
    [14, RENDERED_RECORDS.card14],
    [27, RENDERED_RECORDS.card27],
  ])('rendered card %i', (index, expected) => {
    expect(record(parsePristine(RENDERED)[index])).toEqual(expected);
  });

  it('keeps the line breaks inside a summary (only the ends are trimmed)', () => {
    expect(parsePristine(SERVER)[2]!.paper.abstract).toContain('\n');
  });
});

describe('stale or broken data-props: the cards decide the entries', () => {
  it('parses a card whose paper is missing from the JSON from the DOM alone', () => {
    const page = load(SERVER);
    const props = islandProps(page.doc);
    props.dailyPapers.splice(5, 1); // paper 2607.00666, card 5
    setIslandProps(page.doc, props);
    const { entries, issues } = parse(page);
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(31);
    expect(record(entries[5])).toEqual({
      paper: {
        key: 'arxiv:2607.00666',
        arxivId: '2607.00666',
        title: 'Domain Arithmetic: One-Shot VLA Adaptation under Environmental Shifts',
        authors: [],
        subjects: [],
      },
      upvotes: 16,
    });
    expect(record(entries[4])).toEqual(record(parsePristine(SERVER)[4]));
  });

  it.each([
    ['malformed JSON', (doc: Document) => island(doc).setAttribute('data-props', '{"dailyPapers": [')],
    ['JSON that is not an object', (doc: Document) => island(doc).setAttribute('data-props', '42')],
    ['dailyPapers that is not a list', (doc: Document) => setIslandProps(doc, { dailyPapers: { paper: {} } })],
    ['no data-props attribute', (doc: Document) => island(doc).removeAttribute('data-props')],
  ])('falls back to the DOM for every card on %s', (_case, breakIt) => {
    const reference = parsePristine(SERVER);
    const page = load(SERVER);
    breakIt(page.doc);
    const { entries, issues } = parse(page);
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(31);
    entries.forEach((entry, index) => {
      const full = reference[index]!;
      // Card titles and vote counts equal the JSON ones in this capture; authors, summary and dates exist only in JSON.
      expect(record(entry)).toEqual({
        paper: { key: full.paper.key, arxivId: full.paper.arxivId, title: full.paper.title, authors: [], subjects: [] },
        upvotes: full.upvotes,
      });
    });
  });

  it('reads "-" in the vote box as zero votes (rendered capture, last two cards)', () => {
    const page = load(RENDERED);
    island(page.doc).setAttribute('data-props', 'not json');
    const { entries } = parse(page);
    expect(entries.slice(-3).map((entry) => entry.upvotes)).toEqual([1, 0, 0]);
  });

  it('ignores JSON papers that have no card', () => {
    const page = load(SERVER);
    const props = islandProps(page.doc);
    props.dailyPapers.push({ paper: { id: '2607.99999', title: 'Only in JSON', authors: [], upvotes: 1 } });
    setIslandProps(page.doc, props);
    const { entries } = parse(page);
    expect(entries).toHaveLength(31);
    expect(entries.map((entry) => entry.paper.arxivId)).not.toContain('2607.99999');
  });

  it('joins by id, not position, and reads searchResults too', () => {
    const page = load(SERVER);
    const props = islandProps(page.doc);
    const [first, ...rest] = props.dailyPapers;
    setIslandProps(page.doc, { ...props, dailyPapers: rest, searchResults: [first] });
    expect(parse(page).entries.map(record)).toEqual(parsePristine(SERVER).map(record));
  });
});

describe('hostile and broken rows', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';

  /** A copy of real card 0, renamed to another arXiv id so the JSON does not know it. */
  function cloneCard(doc: Document, id: string): Element {
    const card = doc.querySelector('article')!;
    const copy = card.cloneNode(true) as Element;
    for (const link of Array.from(copy.querySelectorAll('a[href^="/papers/2606.28322"]'))) {
      link.setAttribute('href', link.getAttribute('href')!.replace('2606.28322', id));
    }
    card.parentElement!.append(copy);
    return copy;
  }

  it('keeps a card title that looks like markup as literal text', () => {
    const page = load(SERVER);
    const copy = cloneCard(page.doc, '2607.99999');
    copy.querySelector('h3 a')!.textContent = HOSTILE;
    const { entries } = parse(page);
    expect(entries).toHaveLength(32);
    expect(entries[31]!.paper.title).toBe(HOSTILE);
    expect(entries[31]!.roots[0]).toBe(copy);
    expect(page.doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('keeps JSON strings that look like markup as literal text', () => {
    const page = load(SERVER);
    const props = islandProps(page.doc);
    props.dailyPapers[0]!.paper.title = HOSTILE;
    props.dailyPapers[0]!.paper.authors = [{ name: '<script>alert(1)</script>' }];
    setIslandProps(page.doc, props);
    const first = parse(page).entries[0]!;
    expect(first.paper.title).toBe(HOSTILE);
    expect(first.paper.authors).toEqual(['<script>alert(1)</script>']);
  });

  it('decodes the HTML entities Hugging Face leaves in author names (2609.31473: D&#39;Mello, O&#39;Connell)', () => {
    const page = load(RENDERED);
    const json = islandProps(page.doc).dailyPapers.find((item) => item.paper.id === '2609.31473')!.paper;
    const names = (json.authors as { name: string }[]).map((author) => author.name);
    expect([names[25], names[31]]).toEqual(['Christopher D&#39;Mello', 'Meghan O&#39;Connell']);
    const entry = parsePristine(RENDERED).find((found) => found.paper.key === 'arxiv:2609.31473')!;
    expect(entry.paper.authors).toHaveLength(62);
    expect([entry.paper.authors[25], entry.paper.authors[31]]).toEqual(["Christopher D'Mello", "Meghan O'Connell"]);
    const all = [...parsePristine(RENDERED), ...parsePristine(SERVER)].flatMap((found) => found.paper.authors);
    expect(all.filter((name) => /&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(name))).toEqual([]);
  });

  it('decodes numeric and named entities in author names, once, and keeps what they spell as text', () => {
    const page = load(SERVER);
    const props = islandProps(page.doc);
    props.dailyPapers[0]!.paper.authors = [
      { name: 'Ana &amp; Bo' },
      { name: 'J&ouml;rg &quot;Joe&quot; M&#xFC;ller' },
      { name: 'Sm&#105;th &lt;img src=x onerror=alert(1)&gt;' },
      { name: 'Double &amp;#39; once' },
      { name: 'Bad &#0; &#xD800; &bogus; &' },
      { name: '&nbsp;&#32;' },
    ];
    setIslandProps(page.doc, props);
    expect(parse(page).entries[0]!.paper.authors).toEqual([
      'Ana & Bo',
      'Jörg "Joe" Müller',
      'Smith <img src=x onerror=alert(1)>',
      'Double &#39; once',
      'Bad &#0; &#xD800; &bogus; &',
    ]);
    expect(page.doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('reports and skips a card whose link names no arXiv id, keeping the others', () => {
    const page = load(SERVER);
    cloneCard(page.doc, 'not-an-id');
    const { entries, issues } = parse(page);
    expect(entries).toHaveLength(31);
    expect(issues).toEqual([{ index: 31, reason: 'title link "/papers/not-an-id" names no arXiv id' }]);
  });

  it('reports and skips a card that fails validation (no title anywhere), keeping the others', () => {
    const page = load(SERVER);
    const props = islandProps(page.doc);
    props.dailyPapers[1]!.paper.title = '   ';
    setIslandProps(page.doc, props);
    page.doc.querySelectorAll('article')[1]!.querySelector('h3 a')!.textContent = '';
    const { entries, issues } = parse(page);
    expect(entries).toHaveLength(30);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 1, id: '2607.00466' });
    expect(issues[0]!.reason).toMatch(/^paper\.title: /);
  });

  it('drops a JSON field of the wrong type but keeps the rest of that paper', () => {
    const page = load(SERVER);
    const props = islandProps(page.doc);
    props.dailyPapers[0]!.paper.upvotes = 'many';
    props.dailyPapers[0]!.paper.publishedAt = 'yesterday';
    setIslandProps(page.doc, props);
    const first = parse(page).entries[0]!;
    expect(first.upvotes).toBe(33); // from the card's vote box
    expect(first.paper.published).toBeUndefined();
    expect(first.paper.authors).toHaveLength(17);
  });

  it('returns no entries, without throwing, on a page without cards', () => {
    const page = load(SERVER);
    for (const card of Array.from(page.doc.querySelectorAll('article'))) card.remove();
    expect(parse(page)).toEqual({ entries: [], issues: [] });
  });
});
