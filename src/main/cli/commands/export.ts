// loupe export <dataset> --format severstal|rsna [--legacy] [--source truth|current|current-or-model|model[:<version>]] --db <file> --out <csv>
import { Command, Option } from 'commander';
import { openServices } from '../services';
import type { ExportFormat, ExportReport, ExportSource } from '../../services/exports/export';
import type { LabelView } from '../../services/labels/labels';
import { printResult } from '../output';
import { LoupeError, badInput } from '../../../shared/errors';
import type { Services } from '../../composition';

/** truth | current | current-or-model | model (the active version's predictions) | model:<version> (or model:<v1>+<v2>). */
function parseSource(value: string): string {
  if (['truth', 'current', 'current-or-model', 'model'].includes(value) || /^model:.+/.test(value)) return value;
  throw badInput(`--source must be truth, current, current-or-model, model or model:<version>, not "${value}"`);
}

/** The active model's predictions on the dataset, as their source `model:<version>`. */
async function activeModelSource(services: Services, dataset: string): Promise<`model:${string}`> {
  const { taskOf } = await import('../../services/models/predict');
  const task = taskOf(services.datasets.get(dataset));
  const active = services.models.active(task);
  if (!active) throw new LoupeError('not_found', `no active ${task} model; name one with --source model:<version>, or activate one (loupe models --activate <version>)`);
  return `model:${active.version}`;
}

function requirePredictions(services: Services, dataset: string, source: string): void {
  if (!services.predictions.sources(dataset).includes(source)) {
    throw new LoupeError('not_found', `dataset "${dataset}" has no predictions from ${source}; run loupe predict first`);
  }
}

async function resolveSource(services: Services, dataset: string, source: string): Promise<{ source: ExportSource; model?: `model:${string}` }> {
  if (source === 'current-or-model') {
    const model = await activeModelSource(services, dataset);
    requirePredictions(services, dataset, model);
    return { source, model };
  }
  if (!source.startsWith('model')) return { source: source as LabelView };
  const resolved = source === 'model' ? await activeModelSource(services, dataset) : (source as `model:${string}`);
  requirePredictions(services, dataset, resolved);
  return { source: resolved };
}

/** The export in words: what it wrote, and what it left out or took from the model. */
function describeExport(r: ExportReport): string {
  const lines = [`Wrote ${r.rows} rows for ${r.items} items (${r.source} labels) to ${r.out}`];
  if (r.fromModel) lines.push(`${r.fromModel} of them from the draft of ${r.model} (they had no label).`);
  if (r.skipped) {
    const why = r.source === 'current-or-model' ? 'neither a label nor a draft' : r.source.startsWith('model:') ? 'no prediction' : r.source === 'truth' ? 'no imported label' : 'no label';
    lines.push(`Left out ${r.skipped} items with ${why}${r.source === 'current' ? ' (--source current-or-model fills them from the active model)' : ''}.`);
  }
  return lines.join('\n');
}

interface ExportFlags {
  db: string;
  format: ExportFormat;
  legacy?: boolean;
  source: string;
  out: string;
  json?: boolean;
}

export function exportCommand(): Command {
  return new Command('export')
    .description("write a dataset's labels in its Kaggle CSV format")
    .argument('<dataset>', 'dataset name or id')
    .addOption(new Option('--format <format>', 'CSV format').choices(['severstal', 'rsna']).makeOptionMandatory())
    .option('--legacy', 'Severstal old form: ImageId_ClassId,EncodedPixels with four rows per image')
    .addOption(
      new Option(
        '--source <source>',
        "which labels: truth (imported), current (newest human, else truth; unlabelled items are left out), current-or-model (current, else the active model's draft), or a model's predictions: model (the active version) or model:<version>",
      )
        .argParser(parseSource)
        .default('current'),
    )
    .requiredOption('--db <file>', 'the Loupe database')
    .requiredOption('--out <csv>', 'where to write the CSV')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: ExportFlags) => {
      const services = await openServices(flags.db);
      try {
        const report = services.exports.export(dataset, { ...flags, ...(await resolveSource(services, dataset, flags.source)) });
        printResult(flags, report, () => describeExport(report));
      } finally {
        services.close();
      }
    });
}
