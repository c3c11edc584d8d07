// loupe tune <dataset> [--model <version>] [--method platt|temperature] [--apply] --db <file> [--json]
// Tunes a version on the dataset's reviewed items outside its validation set (steel: thresholds, min-areas and
// presence gates from the stored maps; CT: per-label calibration) and prints before / after per class or label;
// --apply writes the tuned setting into the version's card (a new card revision) and re-drafts its predictions.
import { Command, Option } from 'commander';
import { MODELS_DIR_HELP, openServices, type StoreFlags } from '../services';
import type { TuneOutcome } from '../../../shared/api/model-loop-types';
import { formatScore } from '../../../shared/ml/loop/reason-text';
import { printResult } from '../output';
import { jobProgressBar } from './predict';

interface TuneFlags extends StoreFlags {
  db: string;
  model?: string;
  method?: 'platt' | 'temperature';
  apply?: boolean;
  json?: boolean;
}

const figure = (v: number | null) => (v === null ? '—' : formatScore(v));

/** The before / after table, one line per class or label. */
export function describeTuning(t: TuneOutcome): string {
  const name = t.task === 'steel' ? 'class' : 'label';
  const lines = [
    `Tuned ${t.version} on ${t.reviewed} reviewed ${t.task === 'steel' ? 'strips' : 'slices'} outside the validation set ` +
      (t.validationItems
        ? `(checked on its ${t.validationItems})`
        : `(no validation set to check on: it needs reviewed items of at least two ${t.task === 'steel' ? 'images' : 'patients'})`) +
      `; ${t.metricName}, ${t.task === 'steel' ? 'higher' : 'lower'} is better:`,
    `${name.padEnd(17)} ${'before'.padStart(7)} ${'after'.padStart(7)} ${'baseline'.padStart(8)}  ${'validation before → after'.padEnd(25)}  setting after`,
  ];
  for (const c of t.perClass) {
    const held = `${figure(c.validationBefore)} → ${figure(c.validationAfter)}`;
    lines.push(`${(t.task === 'steel' ? `class ${c.key}` : c.key).padEnd(17)} ${figure(c.before).padStart(7)} ${figure(c.after).padStart(7)} ${figure(c.baseline).padStart(8)}  ${held.padEnd(25)}  ${c.settingAfter}`);
  }
  lines.push(`${'overall'.padEnd(17)} ${figure(t.before).padStart(7)} ${figure(t.after).padStart(7)} ${''.padStart(8)}  ${`${figure(t.validationBefore)} → ${figure(t.validationAfter)}`}`);
  return lines.join('\n');
}

export function tuneCommand(): Command {
  return new Command('tune')
    .description("tune a model version on the dataset's reviewed items: steel thresholds / min-areas / presence gates, CT calibration")
    .argument('<dataset>', 'dataset name or id')
    .requiredOption('--db <file|url>', 'the Loupe database: a file, or postgres://… (a team database)')
    .option('--models-dir <folder>', MODELS_DIR_HELP)
    .option('--model <version>', 'the version to tune (default: the active one)')
    .addOption(new Option('--method <method>', 'CT: Platt scaling (also moves base rates) or temperature scaling').choices(['platt', 'temperature']))
    .option('--apply', "write the tuned setting into the version's card (a new card revision) and re-draft its predictions")
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: TuneFlags) => {
      const services = await openServices(flags.db, flags);
      try {
        const tuned = await services.tuning.tune(dataset, { model: flags.model, method: flags.method, onProgress: jobProgressBar(flags.json) });
        let applied: { cardRevision: number; redrafted: number | null } | null = null;
        if (flags.apply && tuned.changed) {
          const change = services.tuning.apply(tuned, jobProgressBar(flags.json));
          const redraft = change.redraft ? ((await change.redraft.result) as { items: number }) : null;
          applied = { cardRevision: change.model.cardRevision, redrafted: redraft?.items ?? null };
        }
        printResult(flags, { ...tuned, applied }, () => {
          const tail = !flags.apply
            ? tuned.changed
              ? `Apply it with --apply (a new card revision of ${tuned.version}; revertible).`
              : `The card of ${tuned.version} is best already on these items.`
            : applied
              ? `Applied as card revision ${applied.cardRevision} of ${tuned.version}${applied.redrafted !== null ? `; re-drafted ${applied.redrafted} items` : ''}.`
              : 'Nothing to apply: the card is best already.';
          return `${describeTuning(tuned)}\n${tuned.summary}.\n${tail}`;
        });
      } finally {
        services.close();
      }
    });
}
