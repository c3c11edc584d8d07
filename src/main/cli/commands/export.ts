// loupe export <dataset> --format severstal|rsna [--legacy] [--source truth|current|model[:<version>]] --db <file> --out <csv>
import { Command, Option } from 'commander';
import { openServices } from '../services';
import type { ExportFormat } from '../../services/exports/export';
import type { LabelView } from '../../services/labels/labels';
import { printResult } from '../output';
import { LoupeError, badInput } from '../../../shared/errors';
import type { Services } from '../../composition';

/** truth | current | model (the active version's predictions) | model:<version> (or model:<v1>+<v2>). */
function parseSource(value: string): string {
  if (value === 'truth' || value === 'current' || value === 'model' || /^model:.+/.test(value)) return value;
  throw badInput(`--source must be truth, current, model or model:<version>, not "${value}"`);
}

async function resolveSource(services: Services, dataset: string, source: string): Promise<LabelView> {
  if (!source.startsWith('model')) return source as LabelView;
  const found = services.predictions.sources(dataset);
  if (source === 'model') {
    const { taskOf } = await import('../../services/models/predict');
    const task = taskOf(services.datasets.get(dataset));
    const active = services.models.active(task);
    if (!active) throw new LoupeError('not_found', `no active ${task} model; name one with --source model:<version>`);
    source = `model:${active.version}`;
  }
  if (!found.includes(source)) throw new LoupeError('not_found', `dataset "${dataset}" has no predictions from ${source}; run loupe predict first`);
  return source as LabelView;
}

interface ExportFlags {
  db: string;
  format: ExportFormat;
  legacy?: boolean;
  source: LabelView;
  out: string;
  json?: boolean;
}

export function exportCommand(): Command {
  return new Command('export')
    .description("write a dataset's labels in its Kaggle CSV format")
    .argument('<dataset>', 'dataset name or id')
    .addOption(new Option('--format <format>', 'CSV format').choices(['severstal', 'rsna']).makeOptionMandatory())
    .option('--legacy', 'Severstal old form: ImageId_ClassId,EncodedPixels with four rows per image')
    .addOption(new Option('--source <source>', "which labels: the imported truth, the current (newest human, else truth), or a model's predictions: model (the active version) or model:<version>").argParser(parseSource).default('current'))
    .requiredOption('--db <file>', 'the Loupe database')
    .requiredOption('--out <csv>', 'where to write the CSV')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: ExportFlags) => {
      const services = await openServices(flags.db);
      try {
        const report = services.exports.export(dataset, { ...flags, source: await resolveSource(services, dataset, flags.source) });
        printResult(flags, report, () => `Wrote ${report.rows} rows for ${report.items} items (${report.source} labels) to ${report.out}`);
      } finally {
        services.close();
      }
    });
}
