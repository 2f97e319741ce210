import { render } from 'preact';
import { MARK_VARIABLES } from '../../components/mark-styles.ts';
import { Welcome } from '../../components/Welcome.tsx';
import './style.css';

// The marks' colours are the listing's own palette (components/marks.ts), as the variables the listing UI uses; they
// apply under [data-theme], which follows the system theme here, as style.css's page colours do.
const palette = document.createElement('style');
palette.textContent = MARK_VARIABLES;
document.head.append(palette);
const dark = matchMedia('(prefers-color-scheme: dark)');
const followTheme = (): void => {
  document.documentElement.dataset.theme = dark.matches ? 'dark' : 'light';
};
followTheme();
dark.addEventListener('change', followTheme);
render(<Welcome />, document.getElementById('app')!); // index.html always has #app
