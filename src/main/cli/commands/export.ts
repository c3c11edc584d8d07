// loupe export <dataset> --format severstal|rsna [--legacy] [--source truth|current] --db <file> --out <csv>
import { Command, Option } from 'commander';
import { createServices } from '../../composition';
import type { ExportFormat } from '../../services/export';
import type { LabelView } from '../../services/labels';
import { printResult } from '../output';

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
    .addOption(new Option('--source <source>', 'which labels: the imported truth, or the current (newest human, else truth)').choices(['truth', 'current']).default('current'))
    .requiredOption('--db <file>', 'the Loupe database')
    .requiredOption('--out <csv>', 'where to write the CSV')
    .option('--json', 'machine-readable output')
    .action((dataset: string, flags: ExportFlags) => {
      const services = createServices(flags.db);
      try {
        const report = services.exports.export(dataset, flags);
        printResult(flags, report, () => `Wrote ${report.rows} rows for ${report.items} items (${report.source} labels) to ${report.out}`);
      } finally {
        services.close();
      }
    });
}
