/**
 * TeX source as text: arXiv's listing mails write names and titles as their submitters typed them (`Tr\'e`,
 * `D\k{a}browski`, `Pawe{\l}`), where arXiv's web pages show them decoded.
 */
import { decodeLatex } from '../formats/common/latex-decode.ts';

/** A person's name: accents and letter commands decoded, braces and unknown commands dropped (`Pawe{\l}` → `Paweł`). */
export function texName(name: string): string {
  return decodeLatex(name, 'plain');
}

/** A title: accents, letters and escaped specials decoded; math (`$\alpha$-stable`) and other commands kept as TeX. */
export function texTitle(title: string): string {
  return decodeLatex(title, 'tex');
}
