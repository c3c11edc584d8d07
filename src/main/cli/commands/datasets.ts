// loupe add <dataset> <dir> [--labels <csv>] [--allow-missing] · loupe rename <dataset> <new-name> · loupe delete <dataset> --yes
import { Command } from 'commander';
import { openServices } from '../services';
import { printResult, progressPrinter } from '../output';
import { describeImport } from '../import-text';
import { LoupeError } from '../../../shared/errors';

interface DbFlags {
  db: string;
  json?: boolean;
}

interface AddFlags extends DbFlags {
  labels?: string;
  allowMissing?: boolean;
  fixAny?: boolean;
  verify?: boolean;
}

export function addCommand(): Command {
  return new Command('add')
    .description('add a batch of files to an existing dataset, in one transaction: a file whose id the dataset has with the same bytes is skipped, with other bytes refused')
    .argument('<dataset>', 'dataset name or id')
    .argument('<dir>', "the batch's folder: the dataset's folder or a folder inside it (steel: its images; CT: searched recursively)")
    .option('--labels <csv>', 'labels of the new items (Severstal train.csv or RSNA ID,Label); rows for items the dataset has must equal their truth')
    .option('--allow-missing', 'skip label rows whose image is in neither the folder nor the dataset, and report how many')
    .option('--fix-any', 'CT: recompute "any" from the five subtypes instead of failing when they disagree')
    .option('--verify', 'CT: decode every slice in full before adding (the default below 10,000 slices)')
    .option('--no-verify', 'CT: check only the structure of each slice')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, dir: string, flags: AddFlags) => {
      const services = await openServices(flags.db);
      try {
        const { report, itemIds } = await services.addItems({
          dataset,
          dir,
          labelsCsv: flags.labels,
          allowMissing: flags.allowMissing,
          fixAny: flags.fixAny,
          verify: flags.verify,
          onProgress: progressPrinter(flags),
        });
        printResult(flags, { ...report, itemIds }, () => describeImport(report, flags.labels !== undefined));
      } finally {
        services.close();
      }
    });
}

export function renameCommand(): Command {
  return new Command('rename')
    .description('give a dataset another name')
    .argument('<dataset>', 'dataset name or id')
    .argument('<new-name>', 'its new name: not empty, not only digits, not another dataset’s')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, name: string, flags: DbFlags) => {
      const services = await openServices(flags.db);
      try {
        const before = services.datasets.get(dataset);
        let renamed;
        try {
          renamed = services.datasets.rename(before.id, name);
        } catch (error) {
          // The new name is this command's argument, not a --name flag.
          if (error instanceof LoupeError && error.option === 'name') throw new LoupeError(error.code, `${error.message}; choose another name`);
          throw error;
        }
        printResult(flags, { id: renamed.id, from: before.name, name: renamed.name }, () => `Renamed dataset ${renamed.id} from "${before.name}" to "${renamed.name}".`);
      } finally {
        services.close();
      }
    });
}

export function deleteCommand(): Command {
  return new Command('delete')
    .description("delete a dataset from the store: its items, labels, reviews and predictions (model versions stay; files on disk are never touched)")
    .argument('<dataset>', 'dataset name or id')
    .option('--yes', 'delete it (without this, only say what would be deleted)')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: DbFlags & { yes?: boolean }) => {
      const services = await openServices(flags.db);
      try {
        const found = services.datasets.get(dataset);
        if (!flags.yes) {
          const items = services.datasets.summaries().find((d) => d.id === found.id)!.items;
          throw new LoupeError(
            'bad_input',
            `this would delete dataset "${found.name}" (id ${found.id}) with its ${items} items and their labels, reviews and predictions; the files in ${found.root} stay. Add --yes to delete it`,
          );
        }
        const deleted = services.datasets.delete(found.id);
        printResult(flags, deleted, () => `Deleted dataset "${deleted.name}" (id ${deleted.id}) and its ${deleted.items} items; the files in ${found.root} are untouched.`);
      } finally {
        services.close();
      }
    });
}
