// loupe models --db <file> [--activate <version> | --rollback <task> | --import <folder> [--version <v>] |
//                           --export <version> --out <folder>] [--json]
import { Command, Option } from 'commander';
import { openServices } from '../services';
import { badInput } from '../../../shared/errors';
import type { ModelTask } from '../../../shared/ml/model-card';
import type { ModelVersion } from '../../services/models/models';
import { printResult } from '../output';

interface ModelsFlags {
  db: string;
  activate?: string;
  rollback?: ModelTask;
  import?: string;
  version?: string;
  export?: string;
  out?: string;
  json?: boolean;
}

function describe(m: ModelVersion): string {
  const v = m.metrics.validation;
  const score = v && v.value !== null ? `${v.metric} ${v.value.toFixed(4)}${v.parentValue !== null ? ` (parent ${v.parentValue.toFixed(4)})` : ''}` : '-';
  return `${m.active ? '*' : ' '} ${m.version}\t${m.task}\t${m.architecture}\tparent ${m.parentVersion ?? '-'}\t${m.createdAt}\t${score}`;
}

export function modelsCommand(): Command {
  return new Command('models')
    .description('the model versions (* = active per task); activate, roll back, import or export one')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--activate <version>', 'make this version the active one of its task')
    .addOption(new Option('--rollback <task>', 're-activate the version that was active before').choices(['steel', 'ct']))
    .option('--import <folder>', 'register a TensorFlow.js model folder (model.json, weights, card.json)')
    .option('--version <name>', 'with --import: the version name')
    .option('--export <version>', "write a version's folder (model, weights, card with provenance) to --out")
    .option('--out <folder>', 'with --export: a new or empty folder')
    .option('--json', 'machine-readable output')
    .action(async (flags: ModelsFlags) => {
      const actions = [flags.activate, flags.rollback, flags.import, flags.export].filter((a) => a !== undefined);
      if (actions.length > 1) throw badInput('choose one of --activate, --rollback, --import, --export');
      if (flags.export && !flags.out) throw badInput('--export needs --out <folder>');
      const services = await openServices(flags.db);
      try {
        if (flags.activate) {
          const model = services.models.activate(flags.activate);
          printResult(flags, model, () => `${model.version} is now the active ${model.task} model.`);
        } else if (flags.rollback) {
          const model = services.models.rollback(flags.rollback);
          printResult(flags, model, () => `Rolled back: ${model.version} is the active ${model.task} model again.`);
        } else if (flags.import) {
          const model = services.modelFolders.importFolder(flags.import, { version: flags.version });
          printResult(flags, model, () => `Imported ${flags.import} as ${model.version} (${model.task}, ${model.architecture}); activate it with --activate ${model.version}.`);
        } else if (flags.export) {
          const result = services.modelFolders.exportVersion(flags.export, flags.out!);
          printResult(flags, result, () => `Exported ${flags.export} to ${result.out} (${result.files.join(', ')}).`);
        } else {
          const models = services.models.list();
          printResult(flags, { models }, () =>
            models.length ? models.map(describe).join('\n') : 'No models yet: the starter models are installed on the first loupe predict or train.',
          );
        }
      } finally {
        services.close();
      }
    });
}
