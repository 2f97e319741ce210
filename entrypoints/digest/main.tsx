import { render } from 'preact';
import { App } from './App.tsx';
import '../papers.content/page.css';
import './style.css';

render(<App />, document.getElementById('app')!); // index.html always has #app
