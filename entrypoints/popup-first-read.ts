/**
 * The popup's first read, started by a tiny classic script (`<script async>` in popup/index.html) while the popup's
 * module graph is still loading: the module runs well after the HTML is parsed, and the rows it paints first then no
 * longer wait for IndexedDB. main.tsx takes the promise over, or starts the read itself when this script came second.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { FIRST_PAGE, startFirstPage } from './popup/first-page.ts';

export default defineUnlistedScript(() => {
  void startFirstPage(FIRST_PAGE);
});
