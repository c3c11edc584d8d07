// loupe import severstal|rsna …
import { Command } from 'commander';
import { openServices } from '../services';
import { VERIFY_BY_DEFAULT_BELOW } from '../../services/imports/import-common';
import { printResult, progressPrinter } from '../output';
import { describeImport } from '../import-text';

interface ImportFlags {
  db: string;
  labels?: string;
  name?: string;
  allowMissing?: boolean;
  fixAny?: boolean;
  verify?: boolean;
  json?: boolean;
}

export function importCommand(): Command {
  const command = new Command('import').description('import a folder (and, if there is one, its Kaggle label CSV) into the store as a new dataset');

  command
    .command('severstal')
    .description('a folder of steel strip images and, optionally, a Severstal train.csv (either form)')
    .argument('<images-dir>', 'folder of 1600×256 strip images (PNG or JPEG, whatever the extension)')
    .option('--labels <csv>', 'train.csv: ImageId_ClassId,EncodedPixels or ImageId,ClassId,EncodedPixels (without it every strip is unlabelled)')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--name <name>', 'dataset name (default: the folder name)')
    .option('--allow-missing', 'skip label rows whose image is not in the folder, and report how many')
    .option('--json', 'machine-readable output')
    .action(async (imagesDir: string, flags: ImportFlags) => {
      const services = await openServices(flags.db);
      try {
        const report = await services.importSeverstal({
          imagesDir,
          labelsCsv: flags.labels,
          name: flags.name,
          allowMissing: flags.allowMissing,
          onProgress: progressPrinter(flags),
        });
        printResult(flags, report, () => describeImport(report, flags.labels !== undefined));
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
    .option('--allow-missing', 'skip label rows whose slice is not in the folder (a subset of the DICOMs next to the full CSV), and report how many')
    .option('--fix-any', 'recompute "any" from the five subtypes instead of failing when they disagree')
    .option('--verify', `decode every slice in full before importing (the default below ${VERIFY_BY_DEFAULT_BELOW.toLocaleString('en')} slices)`)
    .option('--no-verify', 'check only the structure of each slice, without decoding its pixels')
    .option('--json', 'machine-readable output')
    .action(async (dicomDir: string, flags: ImportFlags) => {
      const services = await openServices(flags.db);
      try {
        const report = await services.importRsna({
          dicomDir,
          labelsCsv: flags.labels,
          name: flags.name,
          allowMissing: flags.allowMissing,
          fixAny: flags.fixAny,
          verify: flags.verify,
          onProgress: progressPrinter(flags),
        });
        printResult(flags, report, () => describeImport(report, flags.labels !== undefined));
      } finally {
        services.close();
      }
    });
  return command;
}
