// loupe predict <dataset> [--model <version> | --average <v1,v2,…>] [--tta <set>] [--budget <60m>] [--all] --db <file> [--json]
// loupe predict <dataset> --rethreshold [--thresholds a,b,c,d] [--min-area a,b,c,d] [--source model:<v>] --db <file>
import { Command } from 'commander';
import { MODELS_DIR_HELP, openServices, type StoreFlags } from '../services';
import { badInput } from '../../../shared/errors';
import type { ModelJobProgress } from '../../../shared/ml/jobs';
import { TTA_SETS, isTtaSet, type TtaSet } from '../../../shared/ml/tta';
import { parseBudget } from '../../../shared/ml/predict-budget';
import { printResult } from '../output';

/** A one-line progress bar with ETA on stderr, only when a person watches a terminal. */
export function jobProgressBar(json: boolean | undefined): ((p: ModelJobProgress) => void) | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    const final = p.state !== 'running' && p.state !== 'queued';
    if (!final && now - last < 100) return;
    last = now;
    const share = p.total ? p.done / p.total : 0;
    const bar = '█'.repeat(Math.round(share * 24)).padEnd(24, '░');
    const eta = p.etaSeconds === null ? '' : ` ETA ${formatSeconds(p.etaSeconds)}`;
    const loss = p.loss === undefined ? '' : ` loss ${p.loss.toFixed(4)}`;
    const epoch = p.epochs?.length ? ` ${p.epochs[p.epochs.length - 1].metricName} ${p.epochs[p.epochs.length - 1].metric.toFixed(4)}` : '';
    process.stderr.write(`\r${p.phase} ${bar} ${p.done}/${p.total}${loss}${epoch}${eta}\u001b[K`);
    if (final) process.stderr.write('\n');
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "0.5,0.5,0.6,0.5" → four numbers. */
export function fourNumbers(text: string | undefined, what: string): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length !== 4 || values.some((v) => !Number.isFinite(v))) throw badInput(`${what} needs four comma-separated numbers (classes 1–4), not "${text}"`);
  return values;
}

/** --tta alone is the old flip (hflip), --no-tta none, else a set's name. */
function ttaFlag(value: boolean | string | undefined): TtaSet | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'hflip' : 'none';
  if (!isTtaSet(value)) throw badInput(`--tta takes one of ${TTA_SETS.join(', ')}, not "${value}"`);
  return value;
}

function budgetFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseBudget(value);
  } catch (error) {
    throw badInput(`--budget: ${(error as Error).message}`);
  }
}

interface PredictFlags extends StoreFlags {
  db: string;
  model?: string;
  average?: string;
  tta?: boolean | string;
  budget?: string;
  all?: boolean;
  rethreshold?: boolean;
  thresholds?: string;
  minArea?: string;
  presence?: string;
  source?: string;
  json?: boolean;
}

export function predictCommand(): Command {
  return new Command('predict')
    .description('pre-annotate a dataset with a model (the active one by default); the results become model revisions')
    .argument('<dataset>', 'dataset name or id')
    .requiredOption('--db <file|url>', 'the Loupe database: a file, or postgres://… (a team database)')
    .option('--models-dir <folder>', MODELS_DIR_HELP)
    .option('--model <version>', 'model version (default: the active one; the starter model on a fresh database)')
    .option('--average <versions>', 'average the predictions of several versions, e.g. steel-2,steel-3')
    .option('--tta [set]', `TTA set: ${TTA_SETS.join(' | ')} (--tta alone: hflip; default: the model card's setting; with --budget: the richest allowed, x5 by default)`)
    .option('--no-tta', 'no TTA, whatever the model card says (the same as --tta none)')
    .option('--budget <time>', 'a time limit for the whole run, e.g. 90s, 60m, 1.5h: calibrates, runs the richest TTA plan that fits, stops at the deadline')
    .option('--all', 'predict every item again, even when the last run of this version stopped at its budget (default: only the items it left)')
    .option('--rethreshold', 'steel: re-apply thresholds and min-areas to the stored probability maps, without running the model')
    .option('--thresholds <t1,t2,t3,t4>', 'steel, with --rethreshold: per-class probability thresholds')
    .option('--min-area <a1,a2,a3,a4>', 'steel, with --rethreshold: per-class minimum mask areas in pixels')
    .option('--presence <p1,p2,p3,p4>', 'steel, with --rethreshold: per-class image-level presence thresholds')
    .option('--source <model:version>', 'with --rethreshold: which stored prediction (default: the active version)')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: PredictFlags) => {
      const services = await openServices(flags.db, flags);
      try {
        if (flags.rethreshold) {
          const handle = services.predictions.rethreshold(dataset, {
            source: flags.source,
            thresholds: fourNumbers(flags.thresholds, '--thresholds'),
            minArea: fourNumbers(flags.minArea, '--min-area'),
            presenceThresholds: fourNumbers(flags.presence, '--presence'),
            onProgress: jobProgressBar(flags.json),
          });
          const report = await handle.result;
          printResult(flags, report, () => `Re-thresholded ${report.items} images of ${report.source} (no model run).`);
          return;
        }
        if (flags.thresholds || flags.minArea || flags.presence || flags.source) {
          throw badInput('--thresholds, --min-area, --presence and --source go with --rethreshold');
        }
        const tta = ttaFlag(flags.tta);
        const budgetSeconds = budgetFlag(flags.budget);
        const average = flags.average?.split(',').map((v) => v.trim()).filter(Boolean);
        const [report, backend] = await Promise.all([
          services.predictions.predict(dataset, { model: flags.model, average, tta, budgetSeconds, all: flags.all, onProgress: jobProgressBar(flags.json) }),
          services.modelJobs.backend(),
        ]);
        printResult(flags, { ...report, backend: backend.backend }, () => {
          const found = Object.entries(report.positives).map(([k, v]) => `${k === 'any' ? 'any' : `class ${k}`} on ${v}`).join(', ') || 'nothing';
          const unit = report.task === 'steel' ? 'images' : 'slices';
          return (
            `${report.plan ? `Plan: ${report.plan.text}.\n` : ''}` +
            `Predicted ${report.items}${report.resumed ? ` remaining` : ''} ${unit} with ${report.versions.join(' + ')}` +
            `${report.tta === 'none' ? '' : ` (${report.tta} TTA)`} on ${backend.description} in ${report.seconds.toFixed(1)} s: ${found}.\n` +
            (report.left ? `Stopped at the deadline: ${report.left} ${unit} left; run loupe predict again (without --all) to predict them.\n` : '') +
            `Revisions: source ${report.source} (loupe export … --source ${report.source})`
          );
        });
      } finally {
        services.close();
      }
    });
}
