import { render } from 'preact';
import { App } from './App.tsx';
import { ensurePersisted } from '../../components/library/settings/persist.ts';
import { readFirstPage } from './first-page.ts';
import './style.css';

/**
 * Rows painted before the full load: what a 600 px popup shows plus the list's overscan. Each is one more step of an
 * IndexedDB cursor, so no more than that.
 */
const FIRST_PAGE = 12;

// The read starts before the first render, as early as the module runs.
render(<App firstPage={readFirstPage(FIRST_PAGE)} />, document.getElementById('app')!); // index.html always has #app

// The first Dogear page a new user opens asks for persistent storage (service workers cannot: persist.ts). After the
// first paint, so it never delays the rows.
setTimeout(() => void ensurePersisted(), 0);
