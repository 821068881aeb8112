import { mount } from 'svelte';
import '../app.css';
import './backoffice.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from backoffice.html');

export default mount(App, { target });
