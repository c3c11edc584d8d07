// loupe demo --db <file>: generates the demo workspace (steel strips + head-CT phantom) into a database.
import { Command } from 'commander';
import { openServices } from '../services';
import { printResult } from '../output';

interface DemoFlags {
  db: string;
  dir?: string;
  json?: boolean;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('create the demo workspace: generated steel strips with masks of all four classes and a head-CT phantom series (real DICOM files)')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--dir <folder>', "where the demo's files go (default: beside the database, <name>-demo/)")
    .option('--json', 'machine-readable output')
    .action(async (flags: DemoFlags) => {
      const { createDemoWorkspace, demoFolderFor } = await import('../../demo-workspace');
      const services = await openServices(flags.db);
      try {
        const report = await createDemoWorkspace(services, flags.dir ?? demoFolderFor(flags.db));
        printResult(flags, report, () =>
          [`Wrote the demo files to ${report.folder}`, ...report.datasets.map((d) => `Imported ${d.items} items into "${d.name}" (id ${d.datasetId})`)].join('\n'),
        );
      } finally {
        services.close();
      }
    });
}
