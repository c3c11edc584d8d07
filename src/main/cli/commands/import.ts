// loupe import severstal|rsna …
import { Command } from 'commander';
import { openServices } from '../services';
import { VERIFY_BY_DEFAULT_BELOW } from '../../services/imports/import-common';
import type { ImportReport } from '../../../shared/api/types';
import { printResult, progressPrinter } from '../output';

interface ImportFlags {
  db: string;
  labels?: string;
  name?: string;
  allowMissing?: boolean;
  fixAny?: boolean;
  verify?: boolean;
  json?: boolean;
}

/** How many files a text report names per list; --json lists them all. */
const LISTED = 10;

function listed<T>(items: readonly T[], show: (item: T) => string): string {
  const more = items.length > LISTED ? `, and ${items.length - LISTED} more (--json lists them all)` : '';
  return items.slice(0, LISTED).map(show).join(', ') + more;
}

function describe(r: ImportReport): string {
  const what = r.kind === 'severstal' ? 'images' : 'slices';
  const lines = [`Imported ${r.items} ${what} into dataset "${r.name}" (id ${r.datasetId}); ${r.labelled} with ground-truth labels.`];
  if (!r.verified) {
    const why = r.items >= VERIFY_BY_DEFAULT_BELOW ? `${VERIFY_BY_DEFAULT_BELOW.toLocaleString('en')} slices or more; --verify decodes them all` : '--no-verify';
    lines.push(`Checked the structure of every slice but decoded none in full (${why}).`);
  }
  if (r.skippedMissing) lines.push(`Skipped ${r.skippedMissing} label rows whose image is not in the folder.`);
  if (r.fixedAny) lines.push(`Recomputed "any" on ${r.fixedAny} slices.`);
  if (r.leftOut.length) lines.push(`Left out ${r.leftOut.length} file${r.leftOut.length === 1 ? '' : 's'}: ${listed(r.leftOut, (f) => `${f.file} (${f.reason})`)}.`);
  if (r.warnings.length) {
    // One line per reason, naming its files: a series of 300 ankle slices is one line, not 300.
    const byMessage = new Map<string, string[]>();
    for (const w of r.warnings) byMessage.set(w.message, [...(byMessage.get(w.message) ?? []), w.file]);
    const files = new Set(r.warnings.map((w) => w.file)).size;
    lines.push(`Warning: ${files} ${files === 1 ? 'file looks' : 'files look'} unlike head-CT slices (imported all the same):`);
    for (const [message, names] of byMessage) lines.push(`  ${message}: ${listed(names, (n) => n)}`);
  }
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
      const services = await openServices(flags.db);
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
          fixAny: flags.fixAny,
          verify: flags.verify,
          onProgress: progressPrinter(flags),
        });
        printResult(flags, report, () => describe(report));
      } finally {
        services.close();
      }
    });
  return command;
}
