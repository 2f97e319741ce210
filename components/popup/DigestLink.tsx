/**
 * The popup's way to the digest page (digest.html), where an arXiv listing mail or a Google Scholar alert is read and
 * marked like a listing. A button like its neighbours; the page opens it in a tab (`onOpen`).
 */
export function DigestLink({ onOpen }: { onOpen: () => void }) {
  return (
    <button type="button" class="open-digest" onClick={onOpen}>
      Read an e-mail digest…
    </button>
  );
}
