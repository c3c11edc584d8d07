// The handlers of the requests that change datasets themselves (dataset-contract.ts): a batch added (an import
// job over the same runner as imports), a folder watched, a rename, a deletion. handlers.ts spreads them in.
import { statSync } from 'node:fs';
import type { ApiContext, ApiHandlers } from './context';
import type { DATASET_REQUEST_NAMES } from '../../shared/api/dataset-names';
import { badInput } from '../../shared/errors';

type DatasetRequestName = (typeof DATASET_REQUEST_NAMES)[number];

export function createDatasetHandlers(ctx: ApiContext): Pick<ApiHandlers, DatasetRequestName> {
  const { services, events } = ctx;
  const card = (datasetId: number) => services.datasets.summaries().find((d) => d.id === datasetId)!;

  return {
    'datasets.add': (args) => {
      const dataset = services.datasets.get(args.datasetId);
      requirePath(args.folder, 'folder');
      if (args.labelsCsv) requirePath(args.labelsCsv, 'file');
      const author = services.settings.author();
      // The workstation decodes every slice of a batch before adding it, like its imports.
      const job = { kind: dataset.kind, folder: args.folder, labelsCsv: args.labelsCsv, allowMissing: args.allowMissing, fixAny: args.fixAny, addTo: dataset.id, verify: true, author };
      return services.jobs
        .run({ kind: 'import', title: `Add images to ${dataset.name} from ${args.folder}`, datasetId: dataset.id, args }, (control) => ctx.runImport(job, control).then((report) => {
          if (report.items > 0) events.publish('datasets.changed', { datasetIds: [dataset.id], items: true });
          return report;
        }))
        .view();
    },
    'datasets.watch': ({ datasetId, folder }) => ctx.watches.start(datasetId, folder),
    'datasets.unwatch': ({ datasetId }) => {
      services.datasets.get(datasetId);
      return { datasetId, stopped: ctx.watches.stop(datasetId) };
    },
    'datasets.rename': ({ datasetId, name }) => {
      services.datasets.rename(datasetId, name);
      events.publish('datasets.changed', { datasetIds: [datasetId] });
      return card(datasetId);
    },
    'datasets.delete': async ({ datasetId }) => {
      services.datasets.get(datasetId);
      await ctx.watches.stopAndWait(datasetId);
      const deleted = services.datasets.delete(datasetId);
      events.publish('datasets.changed', { datasetIds: [datasetId], items: true });
      return { datasetId: deleted.id, name: deleted.name, items: deleted.items };
    },
  };
}

export function requirePath(path: string, kind: 'folder' | 'file'): void {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw badInput(`${path}: no such ${kind}`);
  }
  if (kind === 'folder' ? !stats.isDirectory() : !stats.isFile()) throw badInput(`${path}: is not a ${kind}`);
}
