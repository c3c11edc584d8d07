// loupe queue <dataset> --by disagreement|uncertainty|ensemble|random|order [--model v] [--against w] [--seed n] [--limit n] --db <file> [--json]
// loupe qa <dataset> [--model v] [--tz <zone>] --db <file> [--json]
import { Command, Option } from 'commander';
import { openServices } from '../services';
import { printResult } from '../output';
import { badInput } from '../../../shared/errors';
import { QUEUE_STRATEGIES, type QueueStrategy } from '../../../shared/ml/loop/review-queue';
import { qaText, queueText } from '../loop-text';

interface QueueFlags {
  db: string;
  by: QueueStrategy;
  model?: string;
  against?: string;
  seed?: string;
  limit: string;
  json?: boolean;
}

function wholeNumber(text: string, flag: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw badInput(`${flag} must be a whole number from ${min}, not "${text}"`);
  return Number(text);
}

export function queueCommand(): Command {
  return new Command('queue')
    .description("a dataset's items worst first by a review strategy, each with the reason it is there")
    .argument('<dataset>', 'dataset name or id')
    .addOption(
      new Option('--by <strategy>', 'disagreement (model vs label), uncertainty (the stored maps / probabilities), ensemble (two versions), random (seeded), order')
        .choices([...QUEUE_STRATEGIES])
        .makeOptionMandatory(),
    )
    .option('--model <version>', 'the version scored (default: the active one, else the newest that predicted the dataset)')
    .option('--against <version>', "with --by ensemble: the second version (default: the first one's parent, else the next newest)")
    .option('--seed <n>', 'with --by random: the seed', '0')
    .option('--limit <n>', 'rows to print, or "all"', '100')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: QueueFlags) => {
      const limit = flags.limit === 'all' ? Infinity : wholeNumber(flags.limit, '--limit', 1);
      const seed = wholeNumber(flags.seed ?? '0', '--seed', 0);
      if (flags.against && flags.by !== 'ensemble') throw badInput('--against goes with --by ensemble');
      const services = await openServices(flags.db);
      try {
        const view = await services.queue.queue(dataset, { by: flags.by, model: flags.model, against: flags.against, seed, limit });
        printResult(flags, view, () => queueText(view));
      } finally {
        services.close();
      }
    });
}

interface QaFlags {
  db: string;
  model?: string;
  tz?: string;
  json?: boolean;
}

export function qaCommand(): Command {
  return new Command('qa')
    .description('QA on the items people approved: per model, the Kaggle metric per class beside its baselines, presence confusion, worst items, throughput')
    .argument('<dataset>', 'dataset name or id')
    .option('--model <version>', 'one version only (default: every version that predicted reviewed items)')
    .option('--tz <zone>', "the calendar days' time zone, e.g. Europe/Berlin (default: this machine's)")
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: QaFlags) => {
      if (flags.tz !== undefined) {
        try {
          new Intl.DateTimeFormat('en', { timeZone: flags.tz });
        } catch {
          throw badInput(`--tz "${flags.tz}" is not a time zone (expected an IANA name such as UTC or Europe/Berlin)`);
        }
      }
      const services = await openServices(flags.db);
      try {
        const qa = services.qa.summary(dataset, { model: flags.model, timeZone: flags.tz });
        printResult(flags, qa, () => qaText(qa));
      } finally {
        services.close();
      }
    });
}
