// loupe watch <dataset> <dir>: adds files as they arrive (once complete), pre-annotates them with the active model,
// one line per batch, until Ctrl+C.
import { Command, InvalidArgumentError, Option } from 'commander';
import { openServices } from '../services';

interface WatchFlags {
  db: string;
  interval: number;
  json?: boolean;
}

export function watchCommand(): Command {
  return new Command('watch')
    .description('add files to a dataset as they arrive in a folder (once complete: size stable and it decodes), pre-annotated with the active model; runs until Ctrl+C')
    .argument('<dataset>', 'dataset name or id')
    .argument('<dir>', "the folder to watch: the dataset's folder or a folder inside it")
    .addOption(new Option('--interval <seconds>', 'seconds between two checks of the folder').argParser(parseSeconds).default(1))
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'one JSON object per batch')
    .action(async (dataset: string, dir: string, flags: WatchFlags) => {
      const services = await openServices(flags.db);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const print = (line: string, json: object) => process.stdout.write(flags.json ? `${JSON.stringify(json)}\n` : `${line}\n`);
      try {
        const target = services.datasets.get(dataset);
        const [one, many] = target.kind === 'severstal' ? ['image', 'images'] : ['slice', 'slices'];
        const handle = services.watches.start(target.id, dir, {
          onBatch: ({ report, itemIds }, model) => {
            const time = new Date().toLocaleTimeString('en-GB');
            const same = report.unchanged.length ? `; ${report.unchanged.length} the dataset had already` : '';
            const drafting = model ? `; pre-annotating with ${model}` : '';
            print(`${time} added ${report.items} ${report.items === 1 ? one : many}${same}${drafting}`, { added: report.items, unchanged: report.unchanged, itemIds, preannotating: model });
          },
          onProblem: (message) => process.stderr.write(`loupe: ${message}\n`),
          wait: (signal) => new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, flags.interval * 1000);
            signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
          }),
        });
        stop.signal.addEventListener('abort', () => handle.cancel(), { once: true });
        if (!flags.json) process.stderr.write(`Watching ${dir} for dataset "${target.name}" (Ctrl+C stops)\n`);
        const outcome = await handle.result;
        print(`Stopped: ${outcome.added} added in ${outcome.batches} batches`, { stopped: true, ...outcome });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        // Pre-annotation still running for the last batch ends with the model worker.
        await services.modelJobs.close();
        services.close();
      }
    });
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 3600) throw new InvalidArgumentError(`must be a number of seconds between 0.05 and 3600`);
  return seconds;
}
