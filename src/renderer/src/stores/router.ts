// Where the person is, kept in the address's hash so any view can be linked: #/, #/datasets/<id>, #/items/<id>.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Route = { name: 'datasets' } | { name: 'dataset'; datasetId: number } | { name: 'item'; itemId: number };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const item = /^\/items\/(\d+)$/.exec(path);
  if (item) return { name: 'item', itemId: Number(item[1]) };
  const dataset = /^\/datasets\/(\d+)$/.exec(path);
  if (dataset) return { name: 'dataset', datasetId: Number(dataset[1]) };
  return { name: 'datasets' };
}

export function routeHash(route: Route): string {
  if (route.name === 'item') return `#/items/${route.itemId}`;
  if (route.name === 'dataset') return `#/datasets/${route.datasetId}`;
  return '#/';
}

export const useRouter = defineStore('router', () => {
  const route = ref<Route>(parseRoute(window.location.hash));
  window.addEventListener('hashchange', () => {
    const next = parseRoute(window.location.hash);
    // go() has already set the route it put in the address: setting it again would load the item twice.
    if (routeHash(next) !== routeHash(route.value)) route.value = next;
  });

  function go(next: Route): void {
    const hash = routeHash(next);
    if (window.location.hash !== hash) window.location.hash = hash;
    route.value = next;
  }

  return { route, go };
});
