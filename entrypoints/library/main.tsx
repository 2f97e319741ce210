import { render } from 'preact';
import { App } from './App.tsx';
import './style.css';

// Every module is evaluated by now. The benchmark (tests/bench/library-page.ts) reads this mark and the two in
// use-library.ts to split the first render into loading the scripts, reading the first rows, and rendering them.
performance.mark('dogear-library-script');
render(<App />, document.getElementById('app')!); // index.html always has #app
