// The renderer's entry: the Vue app with its stores, the same in Electron and in a browser.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import './styles/theme.css';

createApp(App).use(createPinia()).mount('#app');
