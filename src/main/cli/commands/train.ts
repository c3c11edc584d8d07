// loupe train <dataset> [--task steel|ct|ct-sequence] [--from|--parent <version>] [--fresh] [--epochs <n>] [--minutes <m>]
//                       [--pseudo <p>] [--seed <s>] [--folds <k>] [--activate if-better|always|never] --db <file> [--json]
import { Command, Option } from 'commander';
import { MODELS_DIR_HELP, openServices, type StoreFlags } from '../services';
import { badInput } from '../../../shared/errors';
import type { ActivationPolicy, TrainReport, TrainTask } from '../../services/models/train';
import { describePseudoLabels } from '../../../shared/ml/loop/pseudo-label-words';
import { formatDelta, formatScore } from '../../../shared/ml/loop/reason-text';
import { printResult } from '../output';
import { formatSeconds, jobProgressBar } from './predict';

interface TrainFlags extends StoreFlags {
  db: string;
  task?: TrainTask;
  from?: string;
  parent?: string;
  fresh?: boolean;
  epochs?: string;
  minutes?: string;
  pseudo?: string;
  seed?: string;
  batchSize?: string;
  folds?: string;
  activate: ActivationPolicy;
  json?: boolean;
}

function number(text: string | undefined, what: string, whole = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || (whole && !Number.isInteger(value))) throw badInput(`${what} must be a ${whole ? 'whole ' : ''}number, not "${text}"`);
  return value;
}

export function trainCommand(): Command {
  return new Command('train')
    .description('train a new model version from the current labels (human, else truth), validated on a grouped split')
    .argument('<dataset>', 'dataset name or id')
    .requiredOption('--db <file|url>', 'the Loupe database: a file, or postgres://… (a team database)')
    .option('--models-dir <folder>', MODELS_DIR_HELP)
    .addOption(
      new Option('--task <task>', "steel or ct (default: the dataset's); ct-sequence: a bidirectional GRU over each ordered series, on the parent CNN's slice embeddings").choices([
        'steel',
        'ct',
        'ct-sequence',
      ]),
    )
    .option('--from <version>', 'parent version to start from and compare with (default: the active one)')
    .option('--parent <version>', 'the same as --from (for ct-sequence: the CNN whose embeddings it learns from)')
    .option('--fresh', "start from new weights of the parent's architecture instead of the parent's weights")
    .option('--epochs <n>', 'passes over the training items (default 10)')
    .option('--minutes <m>', 'time budget: stop after the step that crosses it')
    .option('--pseudo <p>', "also train on the parent's predictions for unlabelled items where every class is at least this confident (e.g. 0.9)")
    .option('--seed <s>', "seed of shuffles and augmentations, and of the validation set when the dataset's is drawn (default 1)")
    .option('--batch-size <n>', 'items per step (default 4 steel, 16 CT; ct-sequence: series per step, default 4)')
    .option('--folds <k>', 'train k folds grouped like the validation split (CT by patient, steel by image), each on the other folds, registered as one ensemble version')
    .addOption(
      new Option('--activate <when>', 'make the new version active: if it beats both its parent and the baseline on the validation set, always, or never')
        .choices(['if-better', 'always', 'never'])
        .default('if-better'),
    )
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: TrainFlags) => {
      if (flags.from && flags.parent && flags.from !== flags.parent) throw badInput(`--from ${flags.from} and --parent ${flags.parent} name different versions; give one`);
      const folds = number(flags.folds, '--folds', true);
      if (folds !== undefined && folds < 2) throw badInput(`--folds must be 2 or more, not ${folds}`);
      if (folds !== undefined && flags.pseudo !== undefined) throw badInput('--folds trains each fold on labelled items only; leave out --pseudo');
      if (folds !== undefined && flags.task === 'ct-sequence') throw badInput('--folds trains CNN folds; a sequence model is trained once over the series: leave out --folds');
      const services = await openServices(flags.db, flags);
      try {
        const common = {
          task: flags.task,
          from: flags.from ?? flags.parent,
          fresh: flags.fresh,
          epochs: number(flags.epochs, '--epochs', true),
          minutes: number(flags.minutes, '--minutes'),
          seed: number(flags.seed, '--seed', true),
          batchSize: number(flags.batchSize, '--batch-size', true),
          activate: flags.activate,
          onProgress: jobProgressBar(flags.json),
        };
        const [report, backend] = await Promise.all([
          folds !== undefined ? services.foldTraining.train(dataset, { ...common, folds }) : services.training.train(dataset, { ...common, pseudo: number(flags.pseudo, '--pseudo') }),
          services.modelJobs.backend(),
        ]);
        printResult(flags, { ...report, backend: backend.backend }, () =>
          [
            `Trained ${report.version}${report.folds ? ` (an ensemble of ${report.folds.length} folds)` : ''}${flags.task === 'ct-sequence' ? ', a sequence model over the series,' : ''} (parent ${report.parent ?? 'none'}) on ${report.trainedOn} items` +
              `${report.pseudoLabelled ? ` + ${report.pseudoLabelled} pseudo-labelled` : ''}, ${report.folds ? `${report.epochs.length} epochs in all` : `${report.epochs.length} epochs`}` +
              `${report.stoppedBy === 'time' ? ' (time budget reached)' : ''}, ${formatSeconds(report.seconds)} on ${backend.description}.`,
            ...(report.pseudo ? [`Pseudo-labels: ${describePseudoLabels(report.pseudo)}.`] : []),
            ...(report.folds ?? []).map((f) => `  fold ${f.fold}: trained on ${f.trainedOn}, validated on its ${f.validatedOn} items: ${score(f.metric)} (${f.epochs} epochs${f.stoppedBy === 'time' ? ', time budget reached' : ''})`),
            ...describeValidation(report),
            `${report.version} ${report.activation}.`,
          ].join('\n'),
        );
      } finally {
        services.close();
      }
    });
}

const score = (v: number | null) => (v === null || Number.isNaN(v) ? 'n/a' : formatScore(v));

/** The validation set's size and the per-class table: the new version, its parent, the baseline, and the deltas. */
function describeValidation(r: TrainReport): string[] {
  const set = r.validationSet;
  const sample = set.scored < set.size ? `${set.scored} of its ${set.size} items scored` : `${set.size} items`;
  const head = `Validation set: ${sample}${set.added ? ` (${set.added} joined with this run)` : ''} [set ${set.fingerprint}]; ${r.metricName}, ${r.metricName === 'mean Dice' ? 'higher' : 'lower'} is better.`;
  if (!set.scored) return [head];
  const name = r.metricName === 'mean Dice' ? 'class' : 'label';
  const lines = [`${name.padEnd(17)} ${'new'.padStart(7)} ${'parent'.padStart(7)} ${'baseline'.padStart(8)} ${'Δ parent'.padStart(9)} ${'Δ baseline'.padStart(10)}`];
  for (const c of r.perClass) {
    const key = r.metricName === 'mean Dice' ? `class ${c.key}` : c.key;
    lines.push(`${key.padEnd(17)} ${score(c.child).padStart(7)} ${score(c.parent).padStart(7)} ${score(c.baseline).padStart(8)} ${(c.deltaParent === null ? '—' : formatDelta(c.deltaParent)).padStart(9)} ${formatDelta(c.deltaBaseline).padStart(10)}`);
  }
  lines.push(`${'overall'.padEnd(17)} ${score(r.metric).padStart(7)} ${score(r.parentMetric).padStart(7)} ${score(r.baselineMetric).padStart(8)}`);
  return [head, ...lines];
}
