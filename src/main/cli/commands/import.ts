// loupe import severstal|rsna …
import { Command } from 'commander';
import { createServices } from '../../composition';
import type { ImportReport } from '../../services/imports/import-common';
import { printResult, progressPrinter } from '../output';

interface ImportFlags {
  db: string;
  labels?: string;
  name?: string;
  allowMissing?: boolean;
  fixAny?: boolean;
  json?: boolean;
}

function describe(r: ImportReport): string {
  const lines = [`Imported ${r.items} ${r.kind === 'severstal' ? 'images' : 'slices'} into dataset "${r.name}" (id ${r.datasetId}); ${r.labelled} with ground-truth labels.`];
  if (r.skippedMissing) lines.push(`Skipped ${r.skippedMissing} label rows whose image is not in the folder.`);
  if (r.fixedAny) lines.push(`Recomputed "any" on ${r.fixedAny} slices.`);
  if (r.skippedFiles.length) lines.push(`Left out ${r.skippedFiles.length} files that are not ${r.kind === 'severstal' ? 'PNG or JPEG images' : 'DICOM'}: ${r.skippedFiles.slice(0, 5).join(', ')}${r.skippedFiles.length > 5 ? ', …' : ''}`);
  return lines.join('\n');
}

export function importCommand(): Command {
  const command = new Command('import').description('import a folder and its Kaggle label CSV into the store');

  command
    .command('severstal')
    .description('a folder of steel strip images and a Severstal train.csv (either form)')
    .argument('<images-dir>', 'folder of 1600×256 strip images (PNG or JPEG, whatever the extension)')
    .requiredOption('--labels <csv>', 'train.csv: ImageId_ClassId,EncodedPixels or ImageId,ClassId,EncodedPixels')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--name <name>', 'dataset name (default: the folder name)')
    .option('--allow-missing', 'skip label rows whose image is not in the folder, and report how many')
    .option('--json', 'machine-readable output')
    .action(async (imagesDir: string, flags: ImportFlags) => {
      const services = createServices(flags.db);
      try {
        const report = await services.importSeverstal({
          imagesDir,
          labelsCsv: flags.labels!,
          name: flags.name,
          allowMissing: flags.allowMissing,
          onProgress: progressPrinter(flags),
        });
        printResult(flags, report, () => describe(report));
      } finally {
        services.close();
      }
    });

  command
    .command('rsna')
    .description('a folder of head-CT DICOM slices (searched recursively) and an optional RSNA ID,Label CSV')
    .argument('<dicom-dir>', 'folder of DICOM files; each file is named after its slice id')
    .option('--labels <csv>', 'stage_2_train.csv-style labels: ID_<slice>_<subtype>,0|1')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--name <name>', 'dataset name (default: the folder name)')
    .option('--fix-any', 'recompute "any" from the five subtypes instead of failing when they disagree')
    .option('--json', 'machine-readable output')
    .action(async (dicomDir: string, flags: ImportFlags) => {
      const services = createServices(flags.db);
      try {
        const report = await services.importRsna({
          dicomDir,
          labelsCsv: flags.labels,
          name: flags.name,
          fixAny: flags.fixAny,
          onProgress: progressPrinter(flags),
        });
        printResult(flags, report, () => describe(report));
      } finally {
        services.close();
      }
    });
  return command;
}
