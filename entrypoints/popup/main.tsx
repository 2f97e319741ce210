import { render } from 'preact';
import { App } from './App.tsx';
import { ensurePersisted } from '../../lib/app/persist.ts';
import { FIRST_PAGE, startFirstPage } from './first-page.ts';
import './style.css';

// The read started in the early script (popup-first-read.ts) while this module loaded; or now, if that came second.
render(<App firstPage={startFirstPage(FIRST_PAGE)} />, document.getElementById('app')!); // index.html always has #app

// The first Dogear page a new user opens asks for persistent storage (service workers cannot: persist.ts). After the
// first paint, so it never delays the rows.
setTimeout(() => void ensurePersisted(), 0);
