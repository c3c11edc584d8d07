// The CT workspace's request handlers, over the CT services of the composition root; handlers.ts spreads
// these into the one handler table.
import type { ApiContext, ApiHandlers } from './context';
import type { CT_REQUEST_NAMES } from '../../shared/api/ct-names';
import { badInput } from '../../shared/errors';
import { exportFileName } from '../../shared/export-names';
import { hideFromReader, hiddenFromReader } from './readings';
import type { CtSeriesView } from '../../shared/api/ct-types';

type CtRequestName = (typeof CT_REQUEST_NAMES)[number];

export function createCtHandlers(ctx: Pick<ApiContext, 'services' | 'events' | 'saveAs'>): Pick<ApiHandlers, CtRequestName> {
  const { services, events } = ctx;
  const { ctSeries: series, dicomTags: tags, ctPreferences: preferences } = services;

  return {
    'ct.seriesTree': ({ datasetId }) => series.tree(datasetId),
    'ct.series': (ref) => blindSlices(services, series.series(ref)),
    'ct.saveLabels': ({ changes }) => {
      for (const change of changes) hideFromReader(services, change.itemId);
      const author = services.settings.author();
      const { datasetId, ...saved } = series.saveLabels(changes, author);
      for (const itemId of new Set(changes.map((c) => c.itemId))) services.claims.touch(itemId, author);
      events.publish('datasets.changed', { datasetIds: [datasetId] });
      return saved;
    },
    'ct.reviewSeries': ({ datasetId, seriesUid, state, note, unlabelled }) => {
      const result = series.reviewSeries(datasetId, seriesUid, state, services.settings.author(), { note, unlabelled });
      events.publish('datasets.changed', { datasetIds: [datasetId] });
      return result;
    },
    'ct.dicomTags': ({ itemId }) => tags.tags(itemId),
    'ct.viewPreferences': () => preferences.get(services.settings.author()),
    'ct.setViewPreferences': (view) => preferences.set(services.settings.author(), view),
    'ct.saveExport': async ({ datasetId }) => {
      const dataset = services.datasets.get(datasetId);
      if (dataset.kind !== 'rsna') throw badInput(`dataset "${dataset.name}" holds steel strips; export it from the steel workspace`);
      if (!ctx.saveAs) throw badInput('this workstation runs in a browser: the export is a download there');
      const out = await ctx.saveAs(exportFileName(dataset, 'current'), 'csv');
      if (!out) return { paths: [] };
      const report = services.exports.export(dataset.id, { format: 'rsna', source: 'current', out });
      return { paths: [report.out], skipped: report.skipped };
    },
  };
}

/** Blind reading: the slices an annotator is reading show no label (see readings.ts), as if none were set. */
function blindSlices(services: Parameters<typeof hiddenFromReader>[0], view: CtSeriesView): CtSeriesView {
  const hidden = hiddenFromReader(services, view.slices.map((s) => s.itemId));
  if (hidden.size === 0) return view;
  const slices = view.slices.map((s) =>
    hidden.has(s.itemId) ? { ...s, bits: null, labelSource: null, labelAuthor: null, labelAt: null, labelOrigin: null, labelRevisionId: null } : s,
  );
  return { ...view, slices };
}
