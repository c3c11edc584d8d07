// Read-only commands: loupe info, loupe items, loupe score, loupe render.
import { Argument, Command, Option } from 'commander';
import { openServices } from '../services';
import { printResult } from '../output';

interface DbFlags {
  db: string;
  json?: boolean;
}

export function infoCommand(): Command {
  return new Command('info')
    .description('the datasets in a database, with item and label counts')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (flags: DbFlags) => {
      const services = await openServices(flags.db);
      try {
        const datasets = services.datasets.summaries();
        printResult(flags, { datasets }, () =>
          datasets.length === 0
            ? 'No datasets yet: loupe import severstal|rsna …'
            : datasets
                .map((d) => `${d.id}\t${d.name}\t${d.kind}\t${d.items} items\t${d.reviewed} reviewed\t` +
                  `labels: ${d.labels.truth} truth, ${d.labels.human} human, ${d.labels.model} model\t${d.root}`)
                .join('\n'),
        );
      } finally {
        services.close();
      }
    });
}

export function itemsCommand(): Command {
  return new Command('items')
    .description("a dataset's items in display order with their current labels")
    .argument('<dataset>', 'dataset name or id')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--json', 'machine-readable output')
    .action(async (dataset: string, flags: DbFlags) => {
      const services = await openServices(flags.db);
      try {
        const listed = services.items.list(dataset);
        // Who is editing an item now (a live claim), where someone is: "being edited by Ana" in the text.
        const claims = services.claims.ofItems(listed.map((i) => i.id));
        const items = listed.map((i) => {
          const claim = claims.get(i.id);
          return claim ? { ...i, claim: { user: claim.user, since: claim.since, expiresAt: claim.expiresAt } } : i;
        });
        printResult(flags, items, () =>
          items
            .map((i) => {
              const labels = Object.entries(i.labels).filter(([, v]) => v > 0).map(([k, v]) => (v === 1 ? k : `${k}:${v}`));
              const where = i.seriesUid ? `\t${i.seriesUid}\t${i.position ?? ''}` : '';
              const claim = 'claim' in i ? `\tbeing edited by ${i.claim.user}` : '';
              return `${i.id}\t${i.key}${where}\t${labels.join(' ') || '-'}\t${i.review}${claim}`;
            })
            .join('\n'),
        );
      } finally {
        services.close();
      }
    });
}

interface ScoreFlags {
  truth: string;
  pred: string;
  json?: boolean;
}

export function scoreCommand(): Command {
  return new Command('score')
    .description('the Kaggle metric of a prediction CSV against a truth CSV')
    .addArgument(new Argument('<task>', 'severstal (mean Dice) or rsna (weighted log loss)').choices(['severstal', 'rsna']))
    .requiredOption('--truth <csv>', 'ground-truth CSV')
    .requiredOption('--pred <csv>', 'prediction CSV in the same format')
    .option('--json', 'machine-readable output, with per-class or per-label figures')
    .action(async (task: 'severstal' | 'rsna', flags: ScoreFlags) => {
      const { scoreRsna, scoreSeverstal } = await import('../../services/metrics/score');
      if (task === 'severstal') {
        const score = await scoreSeverstal(flags.truth, flags.pred);
        printResult(flags, score, () => `mean Dice ${score.value.toFixed(6)} over ${score.pairs} image-class pairs`);
      } else {
        const score = await scoreRsna(flags.truth, flags.pred);
        printResult(flags, score, () => `weighted log loss ${score.value.toFixed(6)} over ${score.slices} slices`);
      }
    });
}

interface RenderFlags {
  window?: string;
  frame: string;
  out: string;
  json?: boolean;
}

export function renderCommand(): Command {
  return new Command('render')
    .description('a DICOM slice under a window, or an image, as a PNG')
    .argument('<file>', 'a DICOM file or a PNG/JPEG image')
    .addOption(new Option('--window <window>', 'brain | subdural | soft | bone | composite | <C>/<W>'))
    .option('--frame <n>', 'frame of a multi-frame file, from 0', '0')
    .requiredOption('--out <png>', 'where to write the PNG')
    .option('--json', 'machine-readable output')
    .action(async (file: string, flags: RenderFlags) => {
      const frame = Number(flags.frame);
      if (!Number.isInteger(frame) || frame < 0) throw new Error(`--frame must be a whole number from 0, not "${flags.frame}"`);
      const { renderFileToPng } = await import('../../imaging/render');
      const result = await renderFileToPng(file, { window: flags.window, frame }, flags.out);
      printResult(flags, { out: flags.out, ...result }, () => `Wrote ${result.width}×${result.height} (${result.window}) to ${flags.out}`);
    });
}
