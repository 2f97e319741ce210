/**
 * The popup's first read, started by a tiny classic script (`<script async>` in popup/index.html) while the popup's
 * module graph is still loading: the module runs 50-70 ms after the HTML is parsed (npm run bench:popup), and the
 * rows it paints first no longer wait for IndexedDB after that. main.tsx takes the promise over, or starts the read
 * itself when this script came second.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { FIRST_PAGE, startFirstPage } from './popup/first-page.ts';

export default defineUnlistedScript(() => {
  startFirstPage(FIRST_PAGE);
});
