import { describe, expect, it } from 'vitest';
import { paperLinks } from '../../../components/popup/links.ts';
import { isPaperKey, KEY_KINDS, urlKey } from '../../../lib/paper/ids.ts';
import {
  alphaxivUrl,
  arxivAbsUrl,
  doiUrl,
  huggingFacePaperUrl,
  KEY_SOURCES,
  keyLabel,
  paperPageUrl,
} from '../../../lib/paper/links.ts';

describe('paper links', () => {
  it('builds the arXiv, Hugging Face and alphaXiv pages of an arXiv id', () => {
    expect(arxivAbsUrl('2401.12345')).toBe('https://arxiv.org/abs/2401.12345');
    expect(arxivAbsUrl('hep-th/9901001')).toBe('https://arxiv.org/abs/hep-th/9901001');
    expect(huggingFacePaperUrl('2401.12345')).toBe('https://huggingface.co/papers/2401.12345');
    expect(huggingFacePaperUrl('hep-th/9901001')).toBeUndefined();
    expect(alphaxivUrl('2401.12345')).toBe('https://www.alphaxiv.org/abs/2401.12345');
  });

  it('escapes what a DOI URL cannot carry', () => {
    expect(doiUrl('10.1000/a<b>#c')).toBe('https://doi.org/10.1000/a%3Cb%3E%23c');
    expect(doiUrl('10.1000/(x);y:z')).toBe('https://doi.org/10.1000/(x);y:z');
  });

  it("opens a paper's own page: arXiv for arxiv keys, the DOI resolver for doi keys", () => {
    expect(paperPageUrl('arxiv:2401.12345')).toBe('https://arxiv.org/abs/2401.12345');
    expect(paperPageUrl('doi:10.1000/xyz')).toBe('https://doi.org/10.1000/xyz');
  });
});

describe('the page and label of every key kind', () => {
  it.each([
    ['arxiv:2401.12345', 'https://arxiv.org/abs/2401.12345', 'arXiv 2401.12345'],
    ['arxiv:hep-th/9901001', 'https://arxiv.org/abs/hep-th/9901001', 'arXiv hep-th/9901001'],
    ['doi:10.1038/nature14539', 'https://doi.org/10.1038/nature14539', 'DOI 10.1038/nature14539'],
    ['openreview:LzPWWPAdY4', 'https://openreview.net/forum?id=LzPWWPAdY4', 'OpenReview LzPWWPAdY4'],
    ['openreview:H1gL-2A9Ym', 'https://openreview.net/forum?id=H1gL-2A9Ym', 'OpenReview H1gL-2A9Ym'],
    ['acl:2020.acl-main.1', 'https://aclanthology.org/2020.acl-main.1/', 'ACL 2020.acl-main.1'],
    ['acl:P18-1024', 'https://aclanthology.org/P18-1024/', 'ACL P18-1024'],
    ['pmid:31452104', 'https://pubmed.ncbi.nlm.nih.gov/31452104/', 'PubMed 31452104'],
    [
      's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
      'https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
      'Semantic Scholar 204e307387…',
    ],
    ['dblp:conf/acl/SmithJ20', 'https://dblp.org/rec/conf/acl/SmithJ20.html', 'dblp conf/acl/SmithJ20'],
    ['url:https://dl.acm.org/citation.cfm?id=3', 'https://dl.acm.org/citation.cfm?id=3', 'dl.acm.org'],
    ['url:https://example.org:8443/a', 'https://example.org:8443/a', 'example.org:8443'],
  ])('%s opens %s and reads "%s"', (key, url, text) => {
    expect(isPaperKey(key)).toBe(true);
    expect(paperPageUrl(key)).toBe(url);
    expect(keyLabel(key)).toMatchObject({ text, url });
    // The page names the paper back: the link and the key agree.
    expect(urlKey(url)).toBe(key);
  });

  it('names every kind', () => {
    for (const kind of KEY_KINDS) expect(KEY_SOURCES[kind]).not.toBe('');
    expect(keyLabel('url:https://example.org/a').source).toBe('Web page');
    expect(keyLabel('pmid:1')).toEqual({
      source: 'PubMed',
      id: '1',
      text: 'PubMed 1',
      url: 'https://pubmed.ncbi.nlm.nih.gov/1/',
    });
  });

  it('escapes an OpenReview id and a DOI that a URL cannot carry as they are', () => {
    expect(paperPageUrl('doi:10.1000/a#b')).toBe('https://doi.org/10.1000/a%23b');
    expect(paperPageUrl('openreview:a_b-cdef')).toBe('https://openreview.net/forum?id=a_b-cdef');
  });
});

describe('the popup’s links of every kind (components/popup/links.ts)', () => {
  it.each([
    ['doi:10.1038/nature14539', 'DOI', 'Open via DOI', 'https://doi.org/10.1038/nature14539'],
    ['openreview:LzPWWPAdY4', 'OpenReview', 'Open on OpenReview', 'https://openreview.net/forum?id=LzPWWPAdY4'],
    ['acl:2020.acl-main.1', 'ACL', 'ACL: open in the ACL Anthology', 'https://aclanthology.org/2020.acl-main.1/'],
    ['pmid:31452104', 'PubMed', 'Open on PubMed', 'https://pubmed.ncbi.nlm.nih.gov/31452104/'],
    [
      's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
      'S2',
      'S2: open on Semantic Scholar',
      'https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    ],
    ['dblp:conf/acl/SmithJ20', 'dblp', 'Open on dblp', 'https://dblp.org/rec/conf/acl/SmithJ20.html'],
    [
      'url:https://proceedings.mlr.press/v139/radford21a.html',
      'proceedings.mlr.press',
      "proceedings.mlr.press: open the paper's page",
      'https://proceedings.mlr.press/v139/radford21a.html',
    ],
    [
      'url:https://onlinelibrary.example-publisher.org/paper/1',
      'onlinelibrary.example-p…',
      "onlinelibrary.example-publisher.org: open the paper's page",
      'https://onlinelibrary.example-publisher.org/paper/1',
    ],
  ])('%s: one link, "%s"', (key, label, name, url) => {
    expect(paperLinks(key)).toEqual([{ label, name, url }]);
    // The accessible name holds the visible label (WCAG 2.5.3), a cut one up to its ellipsis.
    expect(name).toContain(label.replace(/…$/, ''));
  });

  it('arXiv papers open on arXiv, Hugging Face and alphaXiv', () => {
    expect(paperLinks('arxiv:2401.12345').map((link) => link.label)).toEqual(['arXiv', 'HF', 'alphaXiv']);
    expect(paperLinks('arxiv:hep-th/9901001').map((link) => link.label)).toEqual(['arXiv', 'alphaXiv']);
  });
});
