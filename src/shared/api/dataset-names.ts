// The requests that change datasets themselves (grow, watch, rename, delete); names.ts lists them with every other request.
export const DATASET_REQUEST_NAMES = ['datasets.add', 'datasets.watch', 'datasets.unwatch', 'datasets.rename', 'datasets.delete'] as const;
