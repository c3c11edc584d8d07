// loupe readings assign <dataset> --readers ana,ben [--count n] [--honeypots n] [--by <reviewer>] --db <file> [--json]
// loupe readings agreement <dataset> [--threshold 0.8] --db <file> [--json]
// Double reading from the command line: the same services the team host runs (readings, adjudication).
import { Command } from 'commander';
import { userInfo } from 'node:os';
import { openServices } from '../services';
import { printResult } from '../output';
import { badInput } from '../../../shared/errors';
import type { ReadingAgreement } from '../../../shared/api/reading-types';

interface AssignFlags {
  db: string;
  readers: string;
  count: string;
  honeypots: string;
  by?: string;
  json?: boolean;
}

function count(text: string, flag: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw badInput(`${flag} must be a whole number from ${min}, not "${text}"`);
  return Number(text);
}

const fixed = (v: number | null, digits = 3) => (v === null ? '–' : v.toFixed(digits));

/** The agreement figures as a person reads them. */
export function agreementText(a: ReadingAgreement): string {
  const lines = [`${a.readByTwo} of ${a.assigned} assigned read by two readers · ${a.disagreements} disagree (${a.waiting} waiting) · ${a.adjudicated} adjudicated`];
  if (a.kind === 'severstal') for (const c of a.dicePerClass) lines.push(`class ${c.classId}\tDice between readers ${fixed(c.dice)}\t(${c.pairs} pairs)`);
  else for (const l of a.ctLabels) lines.push(`${l.label}\tagreement ${fixed(l.agreement)}\tkappa ${fixed(l.kappa)}\t(${l.slices} slices)`);
  for (const h of a.honeypots) lines.push(`honeypots\t${h.reader}\t${fixed(h.accuracy)} over ${h.read}`);
  return lines.join('\n');
}

export function readingsCommand(): Command {
  const command = new Command('readings').description('double reading: assign items to two or more readers, and their agreement');
  command
    .command('assign')
    .description("assigns a dataset's next unassigned items to readers (blind to each other), with honeypots of known truth mixed in")
    .argument('<dataset>', 'dataset name or id')
    .requiredOption('--readers <names>', 'two or more reader names, comma-separated')
    .option('--count <n>', 'how many items', '20')
    .option('--honeypots <n>', 'items with known truth added to every reader\'s queue', '0')
    .option('--by <name>', 'who assigns (default: the operating-system user)')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: AssignFlags) => {
      const services = await openServices(flags.db);
      try {
        const result = services.readings.assign({
          datasetId: services.datasets.get(dataset).id,
          readers: flags.readers.split(','),
          count: count(flags.count, '--count', 1),
          honeypots: count(flags.honeypots, '--honeypots', 0),
          assignedBy: flags.by ?? userInfo().username,
        });
        printResult(flags, result, () => `${result.tasks} readings assigned to ${result.readers.join(', ')}: ${result.items} items, ${result.honeypots} honeypots`);
      } finally {
        services.close();
      }
    });
  command
    .command('agreement')
    .description('the agreement between readers (steel: Dice per class; CT: per-label agreement and Cohen\'s kappa) and honeypot accuracy')
    .argument('<dataset>', 'dataset name or id')
    .option('--threshold <dice>', 'steel: below this Dice in any class a strip is a disagreement', '0.8')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: { db: string; threshold: string; json?: boolean }) => {
      const threshold = Number(flags.threshold);
      if (!(threshold >= 0 && threshold <= 1)) throw badInput(`--threshold must be 0–1, not "${flags.threshold}"`);
      const services = await openServices(flags.db);
      try {
        const agreement = services.adjudication.agreement(services.datasets.get(dataset).id, threshold);
        printResult(flags, agreement, () => agreementText(agreement));
      } finally {
        services.close();
      }
    });
  return command;
}
