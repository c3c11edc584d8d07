// loupe models --db <file> [--activate <version> | --rollback <task> | --import <folder> [--version <v>] |
//                           --import <model.onnx> --task steel|ct --card <card.json> [--version <v>] |
//                           --export <version> --out <folder> | --cards <version> |
//                           --revert-card <version> --revision <n> [--dataset <d>] |
//                           --average <v1> <v2> … [--weights 0.5,0.5] [--tta <set>|<set>,<set>,…] --name <name>] [--json]
import { Command, Option } from 'commander';
import { MODELS_DIR_HELP, openServices, type StoreFlags } from '../services';
import { existsSync } from 'node:fs';
import { badInput } from '../../../shared/errors';
import { cardFileFor, readOnnxCardFile } from '../../ml/onnx/card-file';
import { modelKindOf, type ModelTask } from '../../../shared/ml/model-card';
import type { ModelVersion } from '../../services/models/models';
import type { Services } from '../../composition';
import { formatScore } from '../../../shared/ml/loop/reason-text';
import { printResult } from '../output';
import { jobProgressBar } from './predict';
import { describeMember, parseTtaList, parseWeights } from '../../../shared/ml/ensemble';

interface ModelsFlags extends StoreFlags {
  db: string;
  activate?: string;
  rollback?: ModelTask;
  import?: string;
  version?: string;
  task?: ModelTask;
  card?: string;
  export?: string;
  out?: string;
  cards?: string;
  revertCard?: string;
  revision?: string;
  dataset?: string;
  average?: string[];
  weights?: string;
  tta?: string;
  name?: string;
  json?: boolean;
}

/** A version as --json prints it: with its kind, 'onnx' or 'built-in', as the Models panel shows it. */
const withKind = (m: ModelVersion) => ({ ...m, kind: modelKindOf(m.card) });

/** A version's line: its figures beside its parent's and the baseline's, on which validation set, and its card revision. */
function describe(m: ModelVersion): string {
  const v = m.metrics.validation;
  let score = '-';
  if (v && v.value !== null) {
    const beside = [
      ...(v.parentValue !== null ? [`parent ${formatScore(v.parentValue)}`] : []),
      ...(v.baselineValue !== undefined && v.baselineValue !== null ? [`${(v.baselineName ?? 'baseline').replace(/^the /, '')} ${formatScore(v.baselineValue)}`] : []),
    ];
    const where = v.fingerprint ? ` on ${v.items} validation items of "${v.dataset}" [set ${v.fingerprint}]` : ' on its own validation set (scored elsewhere)';
    score = `${v.metric} ${formatScore(v.value)}${beside.length ? ` (${beside.join(', ')})` : ''}${where}`;
  }
  const line = `${m.active ? '*' : ' '} ${m.version}\t${m.task}\t${modelKindOf(m.card)}\t${m.architecture}\tparent ${m.parentVersion ?? '-'}\t${m.createdAt}\tcard rev ${m.cardRevision}\t${score}`;
  return m.members.length ? `${line}\n    members: ${m.members.map(describeMember).join(', ')}` : line;
}

/** Each dataset's validation set, in one line each. */
function describeSets(services: Services): string[] {
  return services.datasets.list().flatMap((d) => {
    const set = services.validationSets.get(d.id);
    if (!set) return [`Validation set of "${d.name}": not drawn yet (the first training, comparison or tuning draws it).`];
    return [`Validation set of "${d.name}": ${set.itemIds.length} items of ${set.groupKeys.length} ${set.groupedBy === 'patient' ? 'patients' : 'images'} (seed ${set.seed}, ${Math.round(set.share * 100)}% of the groups) [set ${set.fingerprint}].`];
  });
}

export function modelsCommand(): Command {
  return new Command('models')
    .description('the model versions (* = active per task); activate, roll back, import or export one')
    .requiredOption('--db <file|url>', 'the Loupe database: a file, or postgres://… (a team database)')
    .option('--models-dir <folder>', MODELS_DIR_HELP)
    .option('--activate <version>', 'make this version the active one of its task')
    .addOption(new Option('--rollback <task>', 're-activate the version that was active before').choices(['steel', 'ct']))
    .option('--import <path>', 'register a TensorFlow.js model folder (model.json, weights, card.json) or an ONNX file (with --task and --card)')
    .addOption(new Option('--task <task>', 'with --import of an ONNX file: what the model does').choices(['steel', 'ct']))
    .option('--card <card.json>', 'with --import of an ONNX file: its ONNX model card (default: <model>.card.json beside it)')
    .option('--version <name>', 'with --import: the version name')
    .option('--export <version>', "write a version's folder (model, weights, card with provenance) to --out")
    .option('--out <folder>', 'with --export: a new or empty folder')
    .option('--cards <version>', "a version's card revisions (each tuning applied, each revert)")
    .option('--revert-card <version>', 'put an earlier card revision of a version back in use (with --revision)')
    .option('--revision <n>', 'with --revert-card: the card revision')
    .option('--dataset <dataset>', "with --revert-card: re-draft this dataset's predictions of the version")
    .option('--average <versions...>', 'register an ensemble of these versions of one task (ONNX and built-in together) as --name')
    .option('--weights <w,w,…>', 'with --average: one weight per version (normalised; equal by default)')
    .option('--tta <set>', "with --average: none, hflip, flips or x5 for all, or one per version (none,hflip,…); default: each version's card's")
    .option('--name <name>', 'with --average: the new version name')
    .option('--json', 'machine-readable output')
    .action(async (flags: ModelsFlags) => {
      const actions = [flags.activate, flags.rollback, flags.import, flags.export, flags.cards, flags.revertCard, flags.average].filter((a) => a !== undefined);
      if (actions.length > 1) throw badInput('choose one of --activate, --rollback, --import, --export, --cards, --revert-card, --average');
      if (!flags.average && (flags.weights || flags.tta || flags.name)) throw badInput('--weights, --tta and --name go with --average <v1> <v2> …');
      if (flags.average && !flags.name) throw badInput('--average needs --name <name> for the new version');
      if (flags.export && !flags.out) throw badInput('--export needs --out <folder>');
      const revision = flags.revision === undefined ? undefined : Number(flags.revision);
      if (flags.revertCard && !(Number.isInteger(revision) && revision! > 0)) throw badInput(`--revert-card needs --revision <n>, a card revision number${flags.revision ? `, not "${flags.revision}"` : ''}`);
      const services = await openServices(flags.db, flags);
      try {
        if (flags.activate) {
          const model = services.models.activate(flags.activate);
          printResult(flags, model, () => `${model.version} is now the active ${model.task} model.`);
        } else if (flags.rollback) {
          const model = services.models.rollback(flags.rollback);
          printResult(flags, model, () => `Rolled back: ${model.version} is the active ${model.task} model again.`);
        } else if (flags.import && (/\.onnx$/i.test(flags.import) || flags.card)) {
          if (!flags.task) throw badInput(`${flags.import}: an ONNX model needs --task steel or --task ct`);
          const cardFile = flags.card ?? cardFileFor(flags.import);
          if (!flags.card && !existsSync(cardFile)) throw badInput(`${flags.import}: an ONNX model needs its card: --card <card.json> (no ${cardFile} beside it)`);
          const model = await services.modelFolders.importOnnx(flags.import, flags.task, readOnnxCardFile(cardFile), { version: flags.version });
          printResult(flags, withKind(model), () => `Imported ${flags.import} as ${model.version} (${model.task}, ${modelKindOf(model.card)}, ${model.architecture}); activate it with --activate ${model.version}.`);
        } else if (flags.import) {
          const model = services.modelFolders.importFolder(flags.import, { version: flags.version });
          printResult(flags, withKind(model), () => `Imported ${flags.import} as ${model.version} (${model.task}, ${modelKindOf(model.card)}, ${model.architecture}); activate it with --activate ${model.version}.`);
        } else if (flags.average) {
          const count = flags.average.length;
          const withFlag = <T>(flag: string, parse: () => T): T => {
            try {
              return parse();
            } catch (error) {
              throw badInput(`${flag}: ${(error as Error).message}`);
            }
          };
          const weights = withFlag('--weights', () => parseWeights(flags.weights, count));
          const tta = flags.tta ? withFlag('--tta', () => parseTtaList(flags.tta, count)) : undefined;
          const model = services.ensembles.average(flags.average, { name: flags.name!, weights, tta });
          printResult(flags, withKind(model), () => `Registered ${model.version} (${model.task} ensemble): ${model.members.map(describeMember).join(', ')}; activate it with --activate ${model.version}.`);
        } else if (flags.export) {
          const result = services.modelFolders.exportVersion(flags.export, flags.out!);
          printResult(flags, result, () => `Exported ${flags.export} to ${result.out} (${result.files.join(', ')}).`);
        } else if (flags.cards) {
          const revisions = services.models.cardRevisions(flags.cards);
          const model = services.models.get(flags.cards);
          printResult(flags, { version: model.version, cardRevision: model.cardRevision, revisions }, () =>
            revisions.map((r) => `${r.revision === model.cardRevision ? '*' : ' '} revision ${r.revision}\t${r.createdAt}\t${r.author}\t${r.reason}`).join('\n'),
          );
        } else if (flags.revertCard) {
          const change = flags.dataset
            ? services.tuning.revert(flags.dataset, flags.revertCard, revision!, jobProgressBar(flags.json))
            : { model: services.models.revertCard(flags.revertCard, revision!), redraft: null };
          const redrafted = change.redraft ? ((await change.redraft.result) as { items: number }).items : null;
          printResult(flags, { version: change.model.version, cardRevision: change.model.cardRevision, redrafted }, () =>
            `${change.model.version} uses card revision ${revision} again (as revision ${change.model.cardRevision})` +
            (redrafted !== null ? `; re-drafted ${redrafted} items of ${flags.dataset}.` : flags.dataset ? '.' : '; its drafts change with the next re-threshold or prediction (--dataset re-drafts one now).'),
          );
        } else {
          const models = services.models.list();
          const sets = describeSets(services);
          printResult(flags, { models: models.map(withKind), validationSets: services.datasets.list().map((d) => ({ dataset: d.name, set: services.validationSets.get(d.id) })) }, () =>
            [...(models.length ? models.map(describe) : ['No models yet: the starter models are installed on the first loupe predict or train.']), ...sets].join('\n'),
          );
        }
      } finally {
        services.close();
      }
    });
}
