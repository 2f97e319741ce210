import { render } from 'preact';
import { ensurePersisted } from '../../lib/app/persist.ts';
import { App } from './App.tsx';
import '../../components/note-editor.css';
import './style.css';

// Every module is evaluated by now. The benchmark (tests/bench/library-page.ts) reads this mark and the two in
// lib/app/preview.ts to split the first render into loading the scripts, reading the first rows, and rendering them.
performance.mark('dogear-library-script');
render(<App />, document.getElementById('app')!); // index.html always has #app
// Persistent storage is asked for by whichever Dogear page runs first (lib/app/persist.ts); after the first paint.
setTimeout(() => void ensurePersisted(), 0);
