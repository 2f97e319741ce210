/**
 * arXiv listing adapter on the real captures (tests/fixtures/PROVENANCE.md). Expected records were written from the
 * fixture bytes (each `dt`/`dd` block, entities decoded, tags dropped, whitespace collapsed), not from parser output.
 */
import { describe, expect, it } from 'vitest';
import { knownDate } from '../../../lib/paper/dates.ts';
import { adapter, parseArxivListing } from '../../../lib/sites/arxiv-listing/adapter.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import type { ListingEntry } from '../../../lib/sites/types.ts';
import { type LoadedPage, entryRecord, loadFixture } from '../load-fixture.ts';

const NEW_URL = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const EXCERPT = { fixture: 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22_excerpt.html', url: NEW_URL };
const FULL = { fixture: 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url: NEW_URL };
const MONTH = {
  fixture: 'arxiv/list_month_cs_2301_show3_prettified.html',
  url: 'https://arxiv.org/list/cs/2301?skip=0&show=3',
};
const EMPTY = { fixture: 'arxiv/list_month_cs_9101_empty_prettified.html', url: 'https://arxiv.org/list/cs/9101' };

function load(page: { fixture: string; url: string }): LoadedPage {
  return loadFixture(page.fixture, page.url);
}

function parse(page: LoadedPage): { entries: ListingEntry[]; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const entries = parseArxivListing(page.doc, page.url, (issue) => issues.push(issue));
  return { entries, issues };
}

/** Parse results of the untouched captures, shared by the read-only tests. */
const pristine = new Map<string, ListingEntry[]>();
function parsePristine(page: { fixture: string; url: string }): ListingEntry[] {
  if (!pristine.has(page.fixture)) pristine.set(page.fixture, parse(load(page)).entries);
  return pristine.get(page.fixture)!;
}

const record = entryRecord;

/** The listing number of an entry, from its `a[name=itemN]`. */
const itemNumber = (entry: ListingEntry) =>
  Number(entry.roots[0]!.querySelector('a[name^="item"]')!.getAttribute('name')!.slice('item'.length));

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const countBySection = (entries: ListingEntry[]) =>
  entries.reduce<Record<string, number>>((counts, entry) => {
    const section = entry.section ?? 'none';
    counts[section] = (counts[section] ?? 0) + 1;
    return counts;
  }, {});

describe('detect', () => {
  it.each([
    ['https://arxiv.org/list/cond-mat.mtrl-sci/new', 'new'],
    ['https://arxiv.org/list/cs/new/', 'new'],
    ['https://arxiv.org/list/cs.LG/recent', 'recent'],
    ['https://arxiv.org/list/cs.LG/recent?skip=0&show=2000', 'recent'],
    ['https://arxiv.org/list/hep-th/pastweek?skip=0&show=250', 'pastweek'],
    ['https://arxiv.org/list/math.AG/2026-03', 'month'],
    ['https://arxiv.org/list/astro-ph/2025', 'year'],
    ['https://arxiv.org/list/cs/2301?skip=0&show=3', 'month'],
    ['https://arxiv.org/list/cs/9101', 'month'],
    ['https://arxiv.org/list/cs/202301', 'month'],
    ['https://arxiv.org/list/quant-ph/99', 'year'],
    ['https://arxiv.org/list/grp_physics/new', 'new'],
    ['https://arxiv.org/catchup/cs.LG/2026-09-21?abs=True', 'catchup'],
    ['https://arxiv.org/catchup/cs/2026-09-21', 'catchup'],
    ['https://arxiv.org/list/math.AG/2026-13', undefined],
    ['https://arxiv.org/list/cs/2313', undefined],
    ['https://arxiv.org/list/cs/current', undefined],
    ['https://arxiv.org/list/cs', undefined],
    ['https://arxiv.org/list/1801.00023', undefined],
    ['https://arxiv.org/catchup', undefined],
    ['https://arxiv.org/abs/2609.22268', undefined],
    ['https://arxiv.org/search/?query=x&searchtype=all', undefined],
    ['https://export.arxiv.org/list/cs/new', undefined],
    ['https://huggingface.co/list/cs/new', undefined],
  ])('%s → %s', (url, kind) => {
    expect(adapter.detect(new URL(url))).toBe(kind);
  });
});

describe.each([
  {
    ...EXCERPT,
    count: 38,
    sections: { new: 29, 'cross-list': 4, replacement: 5 },
    items: [...range(1, 28), 45, ...range(46, 48), 66, ...range(67, 70), 101],
  },
  { ...FULL, count: 101, sections: { new: 45, 'cross-list': 21, replacement: 35 }, items: range(1, 101) },
  { ...MONTH, count: 3, sections: { none: 3 }, items: [1, 2, 3] },
  { ...EMPTY, count: 0, sections: {}, items: [] },
])('$fixture', ({ fixture, url, count, sections, items }) => {
  it(`has exactly ${count} entries, in page order, split ${JSON.stringify(sections)}, with no skipped rows`, () => {
    const { entries, issues } = parse(load({ fixture, url }));
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(count);
    expect(countBySection(entries)).toEqual(sections);
    expect(entries.map(itemNumber)).toEqual(items);
  });

  it('uses the page dt and its dd as roots and the dt as anchor', () => {
    const page = load({ fixture, url });
    const heads = Array.from(page.doc.querySelectorAll('#dlpage dl > dt'));
    const { entries } = parse(page);
    expect(entries.map((entry) => entry.roots[0])).toEqual(heads);
    entries.forEach((entry, index) => {
      const [dt, dd] = entry.roots;
      expect(entry.roots).toHaveLength(2);
      expect(dt).toBe(heads[index]);
      expect([dt!.tagName, dd!.tagName]).toEqual(['DT', 'DD']);
      expect(dd).toBe(dt!.nextElementSibling);
      expect(entry.anchor).toBe(dt);
    });
  });

  it('leaves the page DOM unchanged', () => {
    const page = load({ fixture, url });
    const before = page.doc.documentElement.outerHTML;
    parse(page);
    expect(page.doc.documentElement.outerHTML).toBe(before);
  });
});

describe('/new section headings and dates', () => {
  it('takes the announcement date from "Showing new listings for Tuesday, 22 September 2026" for new papers', () => {
    const entries = parsePristine(FULL).filter((entry) => entry.section !== 'replacement');
    expect(entries).toHaveLength(66);
    for (const entry of entries) expect(entry.paper.published).toBe('2026-09-22');
  });

  it('gives replacements no date: the listing date is their latest version’s, not v1’s (2311.09412 is from 2023)', () => {
    const replacements = parsePristine(FULL).filter((entry) => entry.section === 'replacement');
    expect(replacements).toHaveLength(35);
    for (const entry of replacements) expect(entry.paper.published).toBeUndefined();
    const old = replacements.find((entry) => entry.paper.key === 'arxiv:2311.09412');
    expect(old?.paper.published).toBeUndefined();
    expect(knownDate(old!.paper)).toEqual({ year: 2023, month: 11 });
  });

  it('keeps the date of cross-lists, new papers of another archive announced that day (ids of that month)', () => {
    const crossLists = parsePristine(FULL).filter((entry) => entry.section === 'cross-list');
    expect(crossLists).toHaveLength(21);
    for (const entry of crossLists) {
      expect(entry.paper.arxivId).toMatch(/^2609\./);
      expect(entry.paper.published).toBe('2026-09-22');
    }
  });

  it('gives no date to a listed paper whose id is too old for the listing to be its first', () => {
    const page = load(EXCERPT);
    const link = page.doc.querySelectorAll('#dlpage dl')[1]!.querySelector('dt a[title="Abstract"]')!;
    link.setAttribute('href', '/abs/2609.00001');
    const entries = parse(page).entries;
    expect(entries[29]!.paper.key).toBe('arxiv:2609.00001');
    expect(entries[29]!.paper.published).toBe('2026-09-22');
    // An August paper is announced by the first days of September, not on the 22nd.
    link.setAttribute('href', '/abs/2608.12345');
    const older = parse(page).entries[29]!;
    expect(older.paper.key).toBe('arxiv:2608.12345');
    expect(older.paper.published).toBeUndefined();
  });

  it('drops the "and " arXiv writes inside the last author link ([75] 2605.07700: "and Roberto Flammini")', () => {
    const entry = parsePristine(FULL).find((found) => found.paper.key === 'arxiv:2605.07700')!;
    const links = Array.from(entry.roots[1]!.querySelectorAll('.list-authors a'), (a) => a.textContent);
    expect(links.at(-1)).toBe('and Roberto Flammini');
    expect(entry.paper.authors.at(-1)).toBe('Roberto Flammini');
    expect(entry.paper.authors).toHaveLength(10);
    const all = parsePristine(FULL).flatMap((found) => found.paper.authors);
    expect(all.filter((name) => /^and\s/i.test(name))).toEqual([]);
  });

  it('gives the cross-list sections the primary category named by "(cross-list from X)"', () => {
    const crossLists = parsePristine(FULL).filter((entry) => entry.section === 'cross-list');
    expect(crossLists).toHaveLength(21);
    for (const entry of crossLists) {
      const marker = /\(cross-list from ([^)\s]+)\)/.exec(entry.roots[0]!.textContent!)![1];
      expect(entry.paper.primaryCategory).toBe(marker);
      expect(entry.paper.subjects[0]).toBe(marker);
    }
  });

  it('marks every entry of the replacement section "(replaced)" and every new one with neither marker', () => {
    for (const entry of parsePristine(FULL)) {
      const head = entry.roots[0]!.textContent!;
      expect(/\(replaced\)/.test(head)).toBe(entry.section === 'replacement');
      expect(/\(cross-list from /.test(head)).toBe(entry.section === 'cross-list');
    }
  });

  it('reads the version from the HTML link only (76 of 101 entries have one)', () => {
    const entries = parsePristine(FULL);
    const withHtml = entries.filter((entry) => entry.roots[0]!.querySelector('a[title="View HTML"]'));
    expect(withHtml).toHaveLength(76);
    for (const entry of entries) {
      expect(entry.paper.version !== undefined).toBe(withHtml.includes(entry));
    }
  });

  it('gives every /new entry an abstract and every month entry none', () => {
    for (const entry of parsePristine(FULL)) expect(entry.paper.abstract?.length).toBeGreaterThan(0);
    for (const entry of parsePristine(MONTH)) expect(entry.paper.abstract).toBeUndefined();
  });
});

/** /new excerpt: first, TeX, odd authors, section ends, cross-lists and replacements. */
const NEW_RECORDS = {
  // [1]
  item1: {
    paper: {
      key: 'arxiv:2609.22268',
      arxivId: '2609.22268',
      version: 1,
      title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
      abstract:
        'Accurately modelling the temporal evolution of heterogeneous temperature fields requires resolving strong nonlinearities in the heat equation arising from temperature-dependent thermophysical properties, latent heats of transformation and any local heat sources/sinks. In this work, we present a spectral Galerkin (SG) framework to solve the fully nonlinear transient heat equation in finite domains to attain the accuracy of high-fidelity finite element (FE) simulations at considerably lower computational cost. The heat equation is reformulated into a linear reference problem with constant thermophysical properties and residual forcing terms. Solving the reference problem provides a complete three-dimensional orthonormal trigonometric basis, whose Galerkin projection reduces the heat equation to a set of modal ordinary differential equations (ODEs) in time; the reference operator is diagonal in the modal basis, and results in independent modal updates for a fixed nonlinear forcing. These ODEs can be integrated using exponential time differencing and iteratively corrected for nonlinearities. The SG method eliminates the global solve required by FE methods, and its use of structured grids allows efficient GPU parallelization. Applied to rapid laser-metal interactions, the SG solver reproduces high-fidelity FE temperature fields with less than 1% relative error while achieving 227-fold faster GPU runtimes. Applied to a part-scale laser scanning study [Ramani et al., Additive Manufacturing 52 (2022) 102643], the method shows that accounting for evaporation and latent heat more than halves their proposed processing metric. The source code of the SG heat solver and some worked examples are available at this https URL under the Apache 2.0 license.',
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci'],
      comments: 'preprint, 30 pages, 1 algorithm, 1 link to source code, 15 figures, 3 tables',
      published: '2026-09-22',
    },
    section: 'new',
  },
  // [24]
  item24: {
    paper: {
      key: 'arxiv:2609.23564',
      arxivId: '2609.23564',
      version: 1,
      title: 'Dual Role of Mobile Interstitials in Defect Kinetics: From Retardation to Acceleration',
      authors: ['Shihao Zhang', 'Shihao Zhu', 'Junping Du', 'Shuhei Shinzato', 'Ju Li', 'Shigenobu Ogata'],
      abstract:
        'Mobile interstitial atoms redistribute while defects migrate, complicating prediction of defect kinetics and leading to contradictory reports of acceleration and retardation. We formulate defect activation in a grand-canonical ensemble at fixed interstitial chemical potential and define a pathway free-energy landscape $\\Delta G(\\Lambda;T,\\mu)$ and the corresponding activation free energy $\\Delta G^{\\ddagger}$. We compute these quantities using both hyperplane-constrained thermodynamic integration via a mean force relation and a two-state chemical-potential integration, denoted TSCPI. The latter requires sampling only the initial and transition states; a single chemical-potential integration then yields $\\Delta G^{\\ddagger}(T,\\mu)$ across a wide $\\mu$ range, enabling rapid mapping over temperature and chemical potential. Applied to vacancy diffusion in FCC, BCC, and HCP metals with H (including in plane and cross plane diffusion in Zr) and in BCC W with He, both free energy routes agree with diffusion coefficients from molecular dynamics mean square displacements. The resulting maps reveal regimes of suppression and enhancement, including a crossover from suppression to enhancement with increasing hydrogen concentration. A site occupancy analysis links barrier shifts to state dependent site spectrum changes and transferable interstitial interaction terms.',
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci'],
      published: '2026-09-22',
    },
    section: 'new',
  },
  // [28]
  item28: {
    paper: {
      key: 'arxiv:2609.23644',
      arxivId: '2609.23644',
      version: 1,
      title:
        'Electronic energy structure and optical properties of In$_{4}$CdI$_{6}$ from $\\textit{ab initio}$ calculations',
      authors: ['I. V. Semkiv', 'N. T. Pokladok', 'F. O. Ivashchyshyn', 'A. I. Kashuba'],
      abstract:
        'This work presents the $\\textit{ab initio}$ calculations of the electronic energy spectrum of the In$_{4}$CdI$_{6}$ compound. The study was conducted within the framework of density functional theory (DFT), using local density approximation (LDA) and general gradient approximation (GGA) pseudopotentials, and the Heyd-Scuseria-Ernzerhof (HSE06) hybrid functional. The GGA approximation was implemented using the PBE and PBEsol exchange-correlation functional. Based on the electronic energy structure, the type of the minimum band gap was determined, and an analysis of the energy level dispersion for both the valence and conduction bands was performed. Furthermore, the effective masses of electrons ($\\textit{m}_{c}$) and holes ($\\textit{m}_{v}$) for In$_{4}$CdI$_{6}$ were established. The energy band analysis was complemented by the calculation of the density of states (DOS). Based on the electronic energy spectrum, the real and imaginary components of the dielectric function are calculated. Using the Kramers-Kronig relations, we also derive such fundamental optical functions of In$_{4}$CdI$_{6}$ as the refractive index $\\textit{n}$, and the extinction coefficient $\\textit{k}$.',
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci'],
      comments: '10 pages, 5 figures',
      published: '2026-09-22',
    },
    section: 'new',
  },
  // [45]
  item45: {
    paper: {
      key: 'arxiv:2609.24893',
      arxivId: '2609.24893',
      title:
        'Face-to-face anneal temperature controls lattice parameter in Ta(C,N) virtual substrates for AlGaN power electronics',
      authors: [
        'Noah Zahn',
        'Julia L. Martin',
        'Michelle A. Smeaton',
        'Renae Gannon',
        'Henry Garland',
        'M. Brooks Tellekamp',
      ],
      abstract:
        "Tantalum carbide (TaC) thin film ''virtual'' substrates are a highly desirable material for $\\text{Al}_{0.5}\\text{Ga}_{0.5}\\text{N}$ vertical power electronics devices due to lattice matching, thermal expansion matching, and metallic conductivity. However, the material has not been demonstrated to support $\\text{Al}_{x}\\text{Ga}_{1-x}\\text{N}$ layers of variable composition $x$, limiting the range of device applications. We present a method to achieve tunable rock salt $\\text{Ta}\\text{C}_{x}\\text{N}_{1-x}$ virtual substrates via a face-to-face annealing of TaC thin films in an $\\text{N}_2$ atmosphere. The results suggest that annealing temperatures below $1600\\,^{\\circ}\\text{C}$ promote partial uptake of nitrogen onto carbon and anion vacancy sites to form rock salt $\\text{Ta(C,N)}$ with intermediate anion compositions. At temperatures $\\ge 1600\\,^{\\circ}\\text{C}$, nitrogen primarily occupies the anion sublattice and the crystalline quality and surface morphology simultaneously degrade coincident with the formation of secondary phases. This study demonstrates the growth and processing parameters necessary to make tunable lattice constant virtual substrates for $\\text{Al}_{x}\\text{Ga}_{1-x}\\text{N}$ from $x = 0.5\\text{-}1$, enabling vertically conducting power electronic devices with reduced defect density at high Al-content.",
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci'],
      published: '2026-09-22',
    },
    section: 'new',
  },
  // [46] cross-list from physics.ins-det
  item46: {
    paper: {
      key: 'arxiv:2609.22118',
      arxivId: '2609.22118',
      version: 1,
      title:
        'Retrofitting a commercial RF induction generator into a computer-controlled, vacuum and gas integrated annealing system for reactive-metal grain growth',
      authors: [
        'Sterling G. Baird',
        'Ryan Weber',
        'Christopher Nyborg',
        'Ronald Guymon',
        'Gage Erickson',
        'Oliver K. Johnson',
      ],
      abstract:
        "High-temperature vacuum annealing near a metal's melting point drives controlled grain growth, but it normally requires an expensive turn-key vacuum induction furnace. We retrofit a bare commercial radio frequency (RF) induction generator with computer power control through LabVIEW, dual-wavelength optical temperature feedback, and a high-vacuum quartz-tube chamber with inert-gas backfill. A machined graphite crucible doubles as a susceptor, an RF-absorbing element that heats the specimen it encloses. The only requirement is a monotonic analog power-control input, so the retrofit transfers between generators. Our reference build uses a 6 kW solid-state generator. Surprisingly, nickel annealed in this system produced high-quality electron backscatter diffraction (EBSD) patterns with zero specimen preparation. Samples went directly from the furnace to the electron microscope without grinding, polishing, or etching. The EBSD maps indexed hundreds of equiaxed grains delineated by deep thermal grooves. A modified sample assembly extends the furnace to ceramics that do not couple to the RF field. It coarsened yttria-stabilized zirconia (YSZ) grains in 45 min at 2500°, compared with 228h at 1600° in a conventional box furnace. For a fixed configuration, the power-temperature calibration is linear ($R^2$ = 0.991) from 1200 to 1400°. Eight 12h nickel anneals at 1200° reproduced their soak temperature to 1201.2 $\\pm$ 1.3°, and 40h soaks at 1325° remained stable. Complete design files, a bill of materials, control software, and data are openly available. This gives laboratories an affordable route to near-melting-point annealing with direct anneal-to-EBSD characterization.",
      primaryCategory: 'physics.ins-det',
      subjects: ['physics.ins-det', 'cond-mat.mtrl-sci'],
      comments: '8 pages, 8 figures',
      published: '2026-09-22',
    },
    section: 'cross-list',
  },
  // [66] cross-list from math-ph
  item66: {
    paper: {
      key: 'arxiv:2609.25000',
      arxivId: '2609.25000',
      version: 1,
      title: "Don't mind the gap: Absolutely Continuous Edge Spectrum in a Mobility Gap",
      authors: ['Simon Becker', 'Mengxuan Yang'],
      abstract:
        'We study the edge spectrum of two-dimensional lattice Hamiltonians and magnetic Schrödinger operators in a mobility gap, an energy interval in which the bulk spectrum is potentially localized rather than necessarily absent. Under suitable localization and boundary assumptions, we prove that a constant nonzero bulk topological index implies that the entire interval belongs to the absolutely continuous spectrum of the corresponding half-space operator. The absolutely continuous spectral multiplicity is bounded below by the absolute value of the index at almost every energy in the interval. The first version of the auxiliary-space cut construction in Section 2.3 was generated using ChatGPT 6.',
      primaryCategory: 'math-ph',
      subjects: ['math-ph', 'cond-mat.dis-nn', 'cond-mat.mtrl-sci', 'math.SP'],
      published: '2026-09-22',
    },
    section: 'cross-list',
  },
  // [67] replaced
  item67: {
    paper: {
      key: 'arxiv:2411.19270',
      arxivId: '2411.19270',
      version: 2,
      title: "Kirchhoff's analogy for a planar deformable ferromagnetic rod",
      authors: ['G. R. Krishna Chand Avatar', 'Vivekanand Dabade'],
      abstract:
        "Kirchhoff's kinetic analogy relates the equilibrium solutions of an elastic rod or strip to the motion of a spinning top. In this analogy, time is replaced by the arc length parameter in the phase portrait to determine the equilibrium configurations of the rod. Predicted equilibrium solutions from the phase portrait for specific boundary value problems, as well as certain localized solutions, have been experimentally observed. In this study, we employ the kinetic analogy to investigate the equilibrium solutions of planar soft ferromagnetic rods subjected to transverse and longitudinal external magnetic fields. Our analysis reveals a subcritical pitchfork bifurcation in the phase portrait of a ferromagnetic rod subjected to transverse external magnetic field as the axial load is decreased continuously from a large compressive load. Similarly, a supercritical pitchfork bifurcation is observed in the case of longitudinal external magnetic field. We predict equilibrium configurations for a free-standing soft ferromagnetic elastic rod and the same subjected to canonical boundary conditions. Furthermore, we observe novel localized equilibrium solutions arising from homoclinic and heteroclinic orbits, which are absent in the phase portraits of purely elastic rods.",
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci', 'cond-mat.soft', 'math-ph', 'math.AP', 'math.DS'],
      comments: 'Published in Journal of Applied Mechanics (ASME)',
    },
    section: 'replacement',
  },
  // [69] replaced
  item69: {
    paper: {
      key: 'arxiv:2512.10786',
      arxivId: '2512.10786',
      version: 2,
      title: 'Towards ultra-scaled nanoelectronics using the zipper material system $Bi_2O_2Se/Bi_2SeO_5$',
      authors: [
        'Mohammad Rasool Davoudi',
        'Mina Bahrami',
        'Axel Verdianu',
        'Pedram Khakbaz',
        'Dominic Waldhoer',
        'Mahdi Pourfath',
        'Alexander Karl',
        'Christoph Wilhelmer',
        'Yury Illarionov',
        'Seyed Mehdi Sattari-Esfahlan',
        'Yichi Zhang',
        'Junchuan Tang',
        'Aftab Nazir',
        'Ye Li',
        'Xiaoying Gao',
        'Congwei Tan',
        'Yu Zheng',
        'Changze Liu',
        'Michael Waltl',
        'Hailin Peng',
        'Theresia Knobloch',
        'Tibor Grasser',
      ],
      abstract:
        'Two-dimensional (2D) materials could overcome the scaling bottleneck of nanoelectronics by enabling atomically thin channels, superior electrostatic control, and reduced short-channel effects. However, progress is limited by the lack of semiconductor&ndash;insulator interfaces being simultaneously scalable, stable, and reliable. Conventional 2D interfaces are often low quality or require transferring dissimilar materials, limiting reproducibility and scalability. We show that the zipper heterostructure formed by the high-mobility 2D semiconductor Bi<sub>2</sub>O<sub>2</sub>Se and its native high-<i>&kappa;</i> oxide Bi<sub>2</sub>SeO<sub>5</sub> addresses these challenges, providing an atomically sharp, chemically matched interface with excellent electrostatics and promising scaling potential. We further present the first comprehensive multiscale assessment of Bi<sub>2</sub>O<sub>2</sub>Se/Bi<sub>2</sub>SeO<sub>5</sub> transistors targeting thermal stability, reliability, and scalability by linking atomic-scale structure and defects to device-level behavior across <i>four</i> transistor generations (top-gated, fin, and two gate-all-around architectures). Benchmarking against IRDS-2035 targets indicates that Bi<sub>2</sub>O<sub>2</sub>Se/Bi<sub>2</sub>SeO<sub>5</sub> devices could deliver high drive current with low gate leakage under aggressive scaling, potentially surpassing the targets in the upper-bound region of the sensitivity analysis. Finally, we identify oxygen-related oxide defects as the dominant origin of hysteresis consistent with a beneficial role of encapsulation and oxygen-rich annealing. Together, our findings support the potential of this zipper material system as a technologically-credible and manufacturing-relevant platform for future nanoelectronics.',
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci', 'cond-mat.mes-hall'],
    },
    section: 'replacement',
  },
  // [70] replaced
  item70: {
    paper: {
      key: 'arxiv:2602.09262',
      arxivId: '2602.09262',
      title: 'Stress-Induced Ferroelectricity in Hafnium Oxide Core-Shell Nanoparticles',
      authors: ['Anna N. Morozovska', 'Eugene A. Eliseev', 'Richard', 'Sergei V. Kalinin', 'Dean R. Evans'],
      abstract:
        'In contrast to hafnia (HfO2) thin films, where the appearance of switchable ferroelectric polarization can be induced by strain or defect engineering, reliable methods for controlling ferroelectricity are absent in HfO2 nanoparticles. Direct experimental observations of ferroelectric hysteresis and ferroelectric domains in these nanoparticles are also absent. To the best of our knowledge, stress-induced ferroelectric states in the HfO2 nanoparticles have not been explored. In this work, we study the influence of chemical stress on phase diagrams, dielectric and polar properties of spherical HfO2 core-shell nanoparticles using a Landau-Ginzburg-Devonshire free energy functional that includes trilinear and biquadratic couplings involving polar, antipolar, and nonpolar order parameters. The ferroelectric phase exhibits reentrant behavior as a function of nanoparticle size, such that the spontaneous polarization exists only within a limited range of core radii R_c, namely R_cr^min<R_c<R_cr^max. The minimal critical radius R_cr^min is primarily determined by the size dependence of the depolarization field and correlation effects; the maximal critical radius R_cr^max is primarily determined by the size dependence of chemical stresses induced by the elastic defects in the shell. Thus, this work identifies a stress-driven mechanism for reentrant ferroelectricity stabilization in nanoscale HfO2 systems, arising from the competition between depolarization field-induced suppression of ferroelectricity and its stabilization by shell-induced chemical stress. We revealed that relatively large compressive chemical strains are necessary to induce the ferroelectric phase in the HfO2 nanoparticles. Successful chemical strain engineering opens the way for significant enhancement of nanoscale HfO2 polar properties for applications in advanced memory cells and logic devices.',
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci', 'cond-mat.mes-hall'],
      comments: '39 pages, including 4 figures and Supplementary Materials',
    },
    section: 'replacement',
  },
  // [101] replaced
  item101: {
    paper: {
      key: 'arxiv:2607.28461',
      arxivId: '2607.28461',
      version: 2,
      title: 'Fast and Accurate Equivariant Foundation Models for Atomistic Simulation',
      authors: [
        'Seán R. Kavanagh',
        'Chuin Wei Tan',
        'Menghang Wang',
        'Marc L. Descoteaux',
        'Gabriel de Miranda Nascimento',
        'Ulrik Unneberg',
        'Laura Zichi',
        'Francesco Libbi',
        'Norma Rivano',
        'Austin Glover',
        'Vivek Bharadwaj',
        'Anders Johansson',
        'William C. Witt',
        'Albert Musaelian',
        'Boris Kozinsky',
      ],
      abstract:
        "Machine-learned interatomic potentials (MLIPs) have emerged as a transformative tool for computational materials science and chemistry, with universal potentials trained on large and diverse datasets now routinely deployed as 'foundation models' for downstream fine-tuning in targeted chemical spaces. Many scientific applications of the resulting models, such as molecular dynamics (MD), require high inference and training speeds as well as accuracy. In this work, we examine the limits of equivariant MLIPs, which directly encode physical symmetries in model architectures, to achieve these competing targets -- particularly in the regime of extremely large datasets where data efficiency is less critical. We show how this trade-off can be addressed, and present a family of foundation potentials in the NequIP and Allegro equivariant MLIP architectures which achieve leading inference speeds and strong scalability as well as excellent accuracies across a range of community benchmarks -- spanning materials discovery, thermal conductivity prediction, and near-equilibrium mechanical and thermodynamic properties. Accelerations implemented within the NequIP infrastructure now permit training of high-accuracy foundation potentials on ultra-large datasets with dramatically reduced computational cost. Alongside, we show that efforts to improve model accuracy for materials discovery should focus on dataset diversity and improved, consistent descriptions of transition metal compound energy surfaces.",
      primaryCategory: 'physics.comp-ph',
      subjects: ['physics.comp-ph', 'cond-mat.mtrl-sci', 'physics.app-ph', 'physics.chem-ph'],
    },
    section: 'replacement',
  },
};

/** Entries of the whole /new page that the excerpt cut out: a cross-list and the abstract with `<br>` line breaks. */
const FULL_RECORDS = {
  // [51] cross-list from cond-mat.soft
  item51: {
    paper: {
      key: 'arxiv:2609.22533',
      arxivId: '2609.22533',
      version: 1,
      title: 'Two-Stage Ordering Kinetics in Binary Mixtures of Ellipsoidal Particles',
      authors: ['Parameshwaran A', 'Sanjay Puri', 'Bhaskar Sen Gupta'],
      abstract:
        'We investigate the nonequilibrium phase-ordering kinetics of a binary mixture of uniaxial ellipsoidal particles interacting via the anisotropic Gay-Berne potential using large-scale molecular dynamics simulations. Following a temperature quench from the isotropic and homogeneous phase into the coexistence region, the system exhibits two distinct ordering processes occurring on different time scales. At first, rapid orientational ordering leads to the formation and coarsening of nematic domains, characterized by dynamical scaling, generalized Porod-law behavior, and a growth law $\\ell(t) \\sim t^{1/2}$ consistent with nonconserved order-parameter dynamics. Later, the system undergoes binary phase separation driven by compositional fluctuations. This compositional ordering process shows a transition from diffusive growth $\\ell(t) \\sim t^{1/3}$ to hydrodynamic regimes, with finite-size scaling analysis indicating asymptotic viscous growth $\\ell(t) \\sim t$. Despite the presence of global orientational order, the phase-separation kinetics remains effectively isotropic. These results demonstrate a clear separation between orientational and compositional ordering dynamics, governed by distinct conservation laws, and provide a unified framework for understanding phase ordering in anisotropic particle systems.',
      primaryCategory: 'cond-mat.soft',
      subjects: ['cond-mat.soft', 'cond-mat.mtrl-sci', 'cond-mat.other', 'cond-mat.stat-mech'],
      published: '2026-09-22',
    },
    section: 'cross-list',
  },
  // [93] replaced
  item93: {
    paper: {
      key: 'arxiv:2512.03368',
      arxivId: '2512.03368',
      version: 2,
      title:
        'Short-Range Modulated Electron Lattice and d-Wave Superconductivity in Cuprates: A Phenomenological Ginzburg-Landau Framework',
      authors: ['Jaehwahn Kim', 'Davis A. Rens', 'Waqas Khalid', 'Hyunchul Kim'],
      abstract:
        "A short-range charge modulation near 0.3 reciprocal lattice units along the Cu-O bond is present in every hole-doped cuprate family. Resonant x-ray scattering now shows that superconductivity does two opposite things to it at once: below Tc the modulation weakens yet becomes more phase coherent. We trace this split to symmetry: the modulation's envelope carries lattice momentum, which leaves a d-wave condensate exactly two ways to couple to it at quartic order, through the modulation's amplitude or through its phase. The first moves amplitude, coherence, and superfluid stiffness together; the second buys coherence at the expense of stiffness, so the two are separately measurable. We call this Ginzburg-Landau framework the modulated electron lattice (MEL). Classical Monte Carlo on 120x120 lattices with quenched disorder places the x-ray observation, read as a single component, at competing amplitude coupling and cooperative phase coupling, where the model gives no stiffness gain. But the measured intensity sums bond-centred and site-centred components. A two-component simulation gives the same pair of bulk signatures, intensity down and coherence up, both with a stiffness loss and with a stiffness gain, depending on the strength of the bond channel. Bulk data therefore cannot say whether this charge order stiffens the superconductor or softens it. What settles the question is the bond-channel amplitude, which form-factor-resolved scattering and phase-resolved tunnelling measure. The response follows the local pairing amplitude, so its onset need not be sharp at Tc. We also compute vortex pinning in the modulated landscape and obtain an in-plane penetration depth of about 124 nm once the transition temperature fixes the energy scale. This version corrects the first: its linear envelope coupling was symmetry-forbidden, and all numerical results are new.",
      primaryCategory: 'cond-mat.supr-con',
      subjects: ['cond-mat.supr-con', 'cond-mat.mtrl-sci', 'cond-mat.str-el', 'physics.app-ph', 'quant-ph'],
      comments:
        'v2: symmetry correction (the linear envelope coupling of v1 is forbidden and withdrawn; amplitude and phase couplings separated), new and fully documented Monte Carlo replacing all v1 numbers, predictions restated against the 2026 RSXS result (Lee et al., PRL 136, 186502). 19 pages, 10 figures, 5 tables, 75 references. Simulation code and analysis scripts as ancillary files',
    },
    section: 'replacement',
  },
};

/** Month page (prettified: attributes re-quoted, names wrapped over lines). No abstracts, no dates on month pages. */
const MONTH_RECORDS = {
  // [1]
  item1: {
    paper: {
      key: 'arxiv:2301.00001',
      arxivId: '2301.00001',
      title: 'NFTrig',
      authors: ['Jordan Thompson', 'Ryan Benac', 'Kidus Olana', 'Talha Hassan', 'Andrew Sward', 'Tauheed Khan Mohd'],
      primaryCategory: 'cs.HC',
      subjects: ['cs.HC'],
    },
  },
  // [2]
  item2: {
    paper: {
      key: 'arxiv:2301.00002',
      arxivId: '2301.00002',
      title: 'Evaluating Alternative Glyph Design for Showing Large-Magnitude-Range Quantum Spins',
      authors: ['Henan Zhao', 'Garnett W. Bryant', 'Wesley Griffin', 'Judith E. Terrill', 'Jian Chen'],
      primaryCategory: 'cs.HC',
      subjects: ['cs.HC', 'cs.GR', 'quant-ph'],
      comments:
        'This article has been accepted by IEEE Transactions on Visualization and Computer Graphics. arXiv admin note: substantial text overlap with arXiv:1905.02586',
    },
  },
  // [3]
  item3: {
    paper: {
      key: 'arxiv:2301.00003',
      arxivId: '2301.00003',
      title: 'Emotion in Cognitive Architecture: Emergent Properties from Interactions with Human Emotion',
      authors: ['Junya Morita'],
      primaryCategory: 'cs.HC',
      subjects: ['cs.HC', 'cs.AI'],
      comments: "Presented at HAI'22 workshop on Cognitive Human-agent Interaction (this https URL)",
    },
  },
};

describe('full records', () => {
  it.each([
    ['[1] first', 0, NEW_RECORDS.item1],
    ['[24] affiliations "(1)" between author links', 23, NEW_RECORDS.item24],
    ['[28] TeX in title and abstract', 27, NEW_RECORDS.item28],
    ['[45] last new, no HTML link so no version', 28, NEW_RECORDS.item45],
    ['[46] first cross-list', 29, NEW_RECORDS.item46],
    ['[66] last cross-list, entity in title', 32, NEW_RECORDS.item66],
    ['[67] first replacement, journal-ref left out of comments', 33, NEW_RECORDS.item67],
    ['[69] affiliations in parentheses, double-escaped HTML kept as text', 35, NEW_RECORDS.item69],
    ['[70] "Richard (Yu)Liu": only the link text is the author', 36, NEW_RECORDS.item70],
    ['[101] last', 37, NEW_RECORDS.item101],
  ])('excerpt %s', (_name, index, expected) => {
    expect(record(parsePristine(EXCERPT)[index])).toEqual(expected);
  });

  it.each([
    ['[1] first', 0, NEW_RECORDS.item1],
    ['[51] cross-list', 50, FULL_RECORDS.item51],
    ['[93] abstract with <br> line breaks', 92, FULL_RECORDS.item93],
    ['[101] last', 100, NEW_RECORDS.item101],
  ])('full /new %s', (_name, index, expected) => {
    expect(record(parsePristine(FULL)[index])).toEqual(expected);
  });

  it.each([
    ['[1]', 0, MONTH_RECORDS.item1],
    ['[2] comments with an arXiv link', 1, MONTH_RECORDS.item2],
    ['[3] comments with an external link', 2, MONTH_RECORDS.item3],
  ])('month %s', (_name, index, expected) => {
    expect(record(parsePristine(MONTH)[index])).toEqual(expected);
  });

  it('parses the same entries from the excerpt as from the whole page', () => {
    const full = new Map(parsePristine(FULL).map((entry) => [entry.paper.key, record(entry)]));
    for (const entry of parsePristine(EXCERPT)) expect(record(entry)).toEqual(full.get(entry.paper.key));
  });
});

describe('empty listing', () => {
  it('returns [] without error for "No updates for this time period."', () => {
    const page = load(EMPTY);
    expect(page.doc.querySelector('#dlpage dl')!.textContent).toContain('No updates for this time period.');
    expect(parse(page)).toEqual({ entries: [], issues: [] });
  });

  it('returns [] for a page without #dlpage', () => {
    const page = load(EMPTY);
    page.doc.querySelector('#dlpage')!.remove();
    expect(parse(page)).toEqual({ entries: [], issues: [] });
  });
});

describe('hostile, typeset and broken rows', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';

  function setTitleText(dd: Element, text: string): void {
    const title = dd.querySelector('.list-title')!;
    for (const node of Array.from(title.childNodes)) {
      if (!(node.nodeType === 1 && (node as Element).matches('span.descriptor'))) node.remove();
    }
    title.append(dd.ownerDocument.createTextNode(text));
  }

  it('keeps a title that looks like markup as literal text', () => {
    const page = load(EXCERPT);
    const dd = page.doc.querySelectorAll('#dlpage dl > dd')[0]!;
    setTitleText(dd, HOSTILE);
    const first = parse(page).entries[0]!;
    expect(first.paper.title).toBe(HOSTILE);
    expect(page.doc.querySelector('img[src="x"]')).toBeNull();
  });

  /**
   * Simulates MathJax 2 typesetting (what arXiv's `mathjaxToggle()` loads) on the real row: each `$…$` becomes
   * `span.MathJax_Preview` + `span.MathJax` (rendered glyphs) + `script[type="math/tex"]` (the TeX). The node names
   * come from MathJax 2's output; no typeset arXiv page was captured.
   */
  function typesetLikeMathJax2(element: Element): void {
    const doc = element.ownerDocument;
    const texts: Text[] = [];
    const walk = (node: Node) => {
      for (const child of Array.from(node.childNodes)) {
        if (child.nodeType === 3) texts.push(child as Text);
        else if (child.nodeType === 1) walk(child);
      }
    };
    walk(element);
    for (const text of texts) {
      const parts = text.data.split(/\$([^$]+)\$/);
      if (parts.length === 1) continue;
      const replacement = parts.map((part, i) => {
        if (i % 2 === 0) return [doc.createTextNode(part)];
        const preview = doc.createElement('span');
        preview.className = 'MathJax_Preview';
        const rendered = doc.createElement('span');
        rendered.className = 'MathJax';
        rendered.textContent = `rendered(${part})`;
        const script = doc.createElement('script');
        script.setAttribute('type', 'math/tex');
        script.textContent = part;
        return [preview, rendered, script];
      });
      text.replaceWith(...replacement.flat());
    }
  }

  it('reads the same TeX title and abstract after MathJax 2 has typeset the row', () => {
    const page = load(EXCERPT);
    const dd = page.doc.querySelectorAll('#dlpage dl > dd')[27]!; // [28] In$_{4}$CdI$_{6}$
    typesetLikeMathJax2(dd);
    expect(dd.querySelectorAll('script[type="math/tex"]').length).toBeGreaterThan(5);
    expect(record(parse(page).entries[27])).toEqual(NEW_RECORDS.item28);
  });

  it('keeps words apart at a <br> even without whitespace around it ([93] of the whole page)', () => {
    const page = load(FULL);
    const abstract = page.doc.querySelectorAll('#dlpage dl > dd')[92]!.querySelector('p.mathjax')!;
    const breaks = Array.from(abstract.querySelectorAll('br'));
    expect(breaks).toHaveLength(3);
    for (const br of breaks) {
      const before = br.previousSibling as Text;
      const after = br.nextSibling as Text;
      before.data = before.data.trimEnd();
      after.data = after.data.trimStart();
    }
    expect(record(parse(page).entries[92])).toEqual(FULL_RECORDS.item93);
  });

  it('reports and skips a dt without its dd, and a dt without an id, keeping the others', () => {
    const page = load(EXCERPT);
    const dds = page.doc.querySelectorAll('#dlpage dl > dd');
    dds[1]!.remove(); // [2] 2609.22287
    page.doc.querySelectorAll('#dlpage dl > dt')[3]!.querySelector('a[title="Abstract"]')!.remove(); // [4]
    const { entries, issues } = parse(page);
    expect(entries).toHaveLength(36);
    expect(issues).toEqual([
      { index: 1, id: '2609.22287', reason: 'entry head (dt) not followed by its body (dd)' },
      { index: 3, reason: 'no arXiv id in the entry head (dt)' },
    ]);
  });

  it('reports and skips a row that fails validation (empty title), keeping the others', () => {
    const page = load(EXCERPT);
    setTitleText(page.doc.querySelectorAll('#dlpage dl > dd')[2]!, '   ');
    const { entries, issues } = parse(page);
    expect(entries).toHaveLength(37);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 2, id: '2609.22341' });
  });

  it('falls back to the id attribute and the link text when the href is unusable', () => {
    const page = load(EXCERPT);
    const links = page.doc.querySelectorAll('#dlpage dl > dt a[title="Abstract"]');
    links[0]!.removeAttribute('href');
    links[1]!.removeAttribute('href');
    links[1]!.removeAttribute('id');
    const entries = parse(page).entries;
    expect(entries.slice(0, 2).map((entry) => entry.paper.key)).toEqual(['arxiv:2609.22268', 'arxiv:2609.22287']);
  });

  it('reads old-style ids and a /recent day heading as the date', () => {
    const page = load(EXCERPT);
    const list = page.doc.querySelectorAll('#dlpage dl')[1]!;
    list.querySelector('h3')!.textContent = 'Wed, 3 Jun 2026 (showing 4 of 4 entries )';
    const link = list.querySelector('dt a[title="Abstract"]')!;
    link.setAttribute('href', '/abs/math/0309136');
    let entries = parse(page).entries;
    const crossBlock = entries.slice(29, 33);
    expect(crossBlock.map((entry) => entry.section)).toEqual([undefined, undefined, undefined, undefined]);
    expect(crossBlock[0]!.paper.key).toBe('arxiv:math/0309136');
    // A 2003 paper and papers of September are not new on 3 June: that day is not their v1 date.
    expect(crossBlock.map((entry) => entry.paper.published)).toEqual(Array(4).fill(undefined));
    link.setAttribute('href', '/abs/2606.01234');
    list.querySelectorAll('dt a[title="Abstract"]')[1]!.setAttribute('href', '/abs/2605.31234');
    entries = parse(page).entries;
    expect(entries.slice(29, 31).map((entry) => entry.paper.published)).toEqual(['2026-06-03', '2026-06-03']);
    expect(entries[0]!.paper.published).toBe('2026-09-22');
  });
});
