import 'katex/dist/katex.min.css';
import './styles/app.css';
import './styles/note.css';
import './styles/annotations.css';
import './styles/concepts.css';
import './styles/mastery.css';
import './styles/sheets.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { reportUnexpectedErrors } from './api/report-errors.js';

reportUnexpectedErrors();

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });
