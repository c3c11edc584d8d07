// The handlers of the steel workspace's requests (steel-contract.ts), over the steel label service and the
// export writer the CLI uses. handlers.ts spreads them into the one table of handlers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext, ApiHandlers } from './context';
import { badInput } from '../../shared/errors';
import { STEEL_CLASSES } from '../../shared/domain';
import type { STEEL_REQUEST_NAMES } from '../../shared/api/steel-names';
import { exportFileName, maskFileName } from '../../shared/export-names';
import { hideFromReader } from './readings';

type SteelRequestName = (typeof STEEL_REQUEST_NAMES)[number];

export function createSteelHandlers(ctx: ApiContext): Pick<ApiHandlers, SteelRequestName> {
  const { services, events } = ctx;
  const steel = services.steelLabels;
  const changed = (itemId: number) => events.publish('datasets.changed', { datasetIds: [services.datasets.item(itemId).datasetId] });

  const steelDataset = (datasetId: number) => {
    const dataset = services.datasets.get(datasetId);
    if (dataset.kind !== 'severstal') throw badInput(`dataset "${dataset.name}" holds head CT; its export is the RSNA CSV`);
    return dataset;
  };

  return {
    'steel.labels': ({ itemId }) => {
      hideFromReader(services, itemId);
      return steel.labelsOf(itemId);
    },
    'steel.save': ({ itemId, classes }) => {
      hideFromReader(services, itemId);
      const author = services.settings.author();
      const result = steel.save(itemId, classes, author);
      services.claims.touch(itemId, author);
      if (result.saved.length) changed(itemId);
      return result;
    },
    'steel.history': ({ itemId }) => {
      hideFromReader(services, itemId);
      return steel.history(itemId);
    },
    'steel.revert': ({ itemId, revisionId }) => {
      const result = steel.revert(itemId, revisionId, services.settings.author());
      if (result.revisionId !== null) changed(itemId);
      return result;
    },
    'steel.nextUnreviewed': ({ itemId, direction }) => steel.nextUnreviewed(itemId, direction),
    'steel.saveExport': async (args) => {
      if (args.what === 'csv') {
        const dataset = steelDataset(args.datasetId);
        if (!ctx.saveAs) throw badInput('this workstation runs in a browser: the export is a download there');
        const out = await ctx.saveAs(exportFileName(dataset, args.source), 'csv');
        if (!out) return { paths: [] };
        const report = services.exports.export(dataset.id, { format: 'severstal', source: args.source, legacy: args.legacy, out });
        return { paths: [report.out], skipped: report.skipped };
      }
      const item = services.datasets.item(args.itemId);
      if (services.datasets.get(item.datasetId).kind !== 'severstal') throw badInput(`item ${args.itemId} is a CT slice; it has no masks`);
      if (!ctx.pickPath) throw badInput('this workstation runs in a browser: the masks are downloads there');
      const folder = await ctx.pickPath('folder', 'Choose the folder for the class masks');
      if (!folder) return { paths: [] };
      mkdirSync(folder, { recursive: true });
      const paths: string[] = [];
      for (const classId of STEEL_CLASSES) {
        const png = await services.images.maskPng(item.id, classId);
        const path = join(folder, maskFileName(item.key, classId));
        writeFileSync(path, png.bytes);
        paths.push(path);
      }
      return { paths };
    },
  };
}
