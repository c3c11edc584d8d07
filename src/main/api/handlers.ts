// The handlers of every request in the contract, over the services. Both adapters (Electron's IPC and
// the browser host) call these same functions through the dispatcher, which validates arguments first.
import { homedir } from 'node:os';
import { badInput } from '../../shared/errors';
import type { ApiContext, ApiHandlers } from './context';
import { LOUPE_VERSION } from '../version';
import { createSteelHandlers } from './steel';
import { createCtHandlers } from './ct';
import { createModelHandlers } from './models';
import { createDatasetHandlers, requirePath } from './datasets';
import { startingView } from '../services/ct/ct-preferences';
import { createLoopHandlers } from './loop';
import { createTeamHandlers } from './team';
import { createClaimHandlers } from './claims';
import { createReadingHandlers, hideFromReader, hiddenFromReader } from './readings';

export function createApiHandlers(ctx: ApiContext): ApiHandlers {
  const { services, events } = ctx;
  return {
    'app.info': () => ({
      version: LOUPE_VERSION,
      shell: ctx.shell,
      database: ctx.database,
      nativePicker: ctx.pickPath !== undefined,
      home: homedir(),
    }),

    'settings.get': () => services.settings.get(),
    'settings.setUserName': ({ name }) => {
      const settings = services.settings.setUserName(name);
      events.publish('settings.changed', settings);
      return settings;
    },
    'settings.preferences': () => services.preferences.get(services.settings.author()),
    'settings.setPreferences': (patch) => {
      const user = services.settings.author();
      const preferences = services.db.transaction(() => {
        const before = services.preferences.get(user);
        const next = services.preferences.set(user, patch);
        // A new CT window is the one the CT workspace opens with next, not only for someone with no last view.
        if (next.ctWindow !== before.ctWindow) services.ctPreferences.set(user, startingView(next.ctWindow));
        return next;
      })();
      events.publish('preferences.changed', { user, preferences });
      return preferences;
    },

    'datasets.list': () => services.datasets.summaries(),
    'datasets.get': ({ datasetId }) => {
      const card = services.datasets.summaries().find((d) => d.id === datasetId);
      if (!card) services.datasets.get(datasetId); // throws not_found with the usual message
      return card!;
    },

    'items.page': async ({ datasetId, offset, limit, filter, order }) => {
      const page = await (order ? services.itemPages.orderedPage(datasetId, offset, limit, filter, order) : services.itemPages.page(datasetId, offset, limit, filter));
      // "Being edited by Ana" on the rows someone else holds (the person's own claims say nothing).
      const claims = services.claims.ofItems(page.rows.map((r) => r.id));
      const me = services.settings.author();
      for (const row of page.rows) {
        const claim = claims.get(row.id);
        if (claim && claim.user !== me) row.claim = claim;
      }
      // Blind reading: the items an annotator is reading show no label in their list.
      const hidden = hiddenFromReader(services, page.rows.map((r) => r.id));
      for (const row of page.rows) {
        if (hidden.has(row.id)) Object.assign(row, { labels: [], areas: {}, labelled: false });
      }
      return page;
    },
    'items.locate': ({ itemId, filter, order }) => (order ? services.itemPages.orderedLocate(itemId, filter, order) : services.itemPages.locate(itemId, filter)),
    'items.get': ({ itemId }) => services.itemPages.detail(itemId),

    'labels.history': ({ itemId }) => {
      hideFromReader(services, itemId);
      return services.itemPages.history(itemId);
    },
    'labels.save': ({ itemId, classes }) => {
      hideFromReader(services, itemId);
      const { datasetId, revisionIds } = services.labels.saveHuman(itemId, classes, services.settings.author());
      events.publish('datasets.changed', { datasetIds: [datasetId] });
      return { revisionIds };
    },

    'reviews.set': ({ itemId, state, note }) => {
      const item = services.datasets.item(itemId);
      const reviewInfo = services.labels.review(itemId, state, services.settings.author(), note ?? null);
      events.publish('datasets.changed', { datasetIds: [item.datasetId] });
      return { itemId, state, reviewInfo };
    },

    'imports.start': (args) => {
      requirePath(args.folder, 'folder');
      if (args.labelsCsv) requirePath(args.labelsCsv, 'file');
      const author = services.settings.author();
      const title = `Import ${args.kind === 'severstal' ? 'steel strips' : 'head CT'} from ${args.folder}`;
      // The workstation always decodes every slice before importing, whatever the folder's size. The new dataset
      // is announced with the job's end (openWorkstation).
      return services.jobs
        .run({ kind: 'import', title, args, datasetOf: (summary) => summary.datasetId }, (control) => ctx.runImport({ ...args, verify: true, author }, control))
        .view();
    },

    'jobs.list': () => services.jobs.list(),
    'jobs.get': ({ jobId }) => services.jobs.get(jobId),
    // Cancelling a watch is switching it off: it does not resume when the workstation starts again.
    'jobs.cancel': ({ jobId }) => {
      const watched = ctx.watches.datasetOfJob(jobId);
      if (watched !== null) ctx.watches.stop(watched);
      if (ctx.workerJobs?.owns(jobId)) {
        ctx.workerJobs.cancel(jobId);
        return services.jobs.get(jobId);
      }
      return services.jobs.cancel(jobId);
    },

    'folders.list': ({ path, show }) => services.folders.list(path, show),
    'folders.pick': async ({ purpose, title }) => {
      if (!ctx.pickPath) throw badInput('this workstation runs in a browser: browse the folders of the host instead');
      return { path: await ctx.pickPath(purpose, title) };
    },

    ...createSteelHandlers(ctx),
    ...createCtHandlers(ctx),
    ...createModelHandlers(ctx),
    ...createDatasetHandlers(ctx),
    ...createLoopHandlers(ctx),
    ...createTeamHandlers(ctx),
    ...createClaimHandlers(ctx),
    ...createReadingHandlers(ctx),
  };
}

