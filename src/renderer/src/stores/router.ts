// Where the person is, kept in the address's hash so any view can be linked: #/, #/datasets/<id>, #/items/<id>,
// #/settings, #/datasets/<id>/qa (the dataset's QA page), #/audit (team mode's audit, for admins), #/readings
// (the person's double readings) and #/datasets/<id>/adjudication (the readers' disagreements, for reviewers).
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Route =
  | { name: 'datasets' }
  | { name: 'dataset'; datasetId: number }
  | { name: 'item'; itemId: number }
  | { name: 'settings' }
  | { name: 'qa'; datasetId: number }
  | { name: 'audit' }
  | { name: 'readings' }
  | { name: 'adjudication'; datasetId: number };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const item = /^\/items\/(\d+)$/.exec(path);
  if (item) return { name: 'item', itemId: Number(item[1]) };
  const qa = /^\/datasets\/(\d+)\/qa$/.exec(path);
  if (qa) return { name: 'qa', datasetId: Number(qa[1]) };
  const adjudication = /^\/datasets\/(\d+)\/adjudication$/.exec(path);
  if (adjudication) return { name: 'adjudication', datasetId: Number(adjudication[1]) };
  if (path === '/readings') return { name: 'readings' };
  const dataset = /^\/datasets\/(\d+)$/.exec(path);
  if (dataset) return { name: 'dataset', datasetId: Number(dataset[1]) };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/audit') return { name: 'audit' };
  return { name: 'datasets' };
}

export function routeHash(route: Route): string {
  if (route.name === 'item') return `#/items/${route.itemId}`;
  if (route.name === 'dataset') return `#/datasets/${route.datasetId}`;
  if (route.name === 'settings') return '#/settings';
  if (route.name === 'audit') return '#/audit';
  if (route.name === 'qa') return `#/datasets/${route.datasetId}/qa`;
  if (route.name === 'adjudication') return `#/datasets/${route.datasetId}/adjudication`;
  if (route.name === 'readings') return '#/readings';
  return '#/';
}

export interface GoOptions {
  /**
   * False when the address is written to follow what a workspace shows by itself (the first series of a
   * dataset it opened unasked): the item list then selects the item without scrolling to it, so that it
   * never pulls the list away from where the person scrolled meanwhile.
   */
  reveal?: boolean;
}

export const useRouter = defineStore('router', () => {
  const route = ref<Route>(parseRoute(window.location.hash));
  /** Whether the item list is to scroll to the item of the latest route (see GoOptions). */
  const reveal = ref(true);
  window.addEventListener('hashchange', () => {
    const next = parseRoute(window.location.hash);
    // go() has already set the route it put in the address: setting it again would load the item twice.
    if (routeHash(next) === routeHash(route.value)) return;
    reveal.value = true;
    route.value = next;
  });

  function go(next: Route, options: GoOptions = {}): void {
    const hash = routeHash(next);
    reveal.value = options.reveal ?? true;
    if (window.location.hash !== hash) window.location.hash = hash;
    route.value = next;
  }

  return { route, reveal, go };
});
