import { describe, expect, it } from 'vitest';
import { alphaxivUrl, arxivAbsUrl, doiUrl, huggingFacePaperUrl, paperPageUrl } from '../../../lib/paper/links.ts';

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
