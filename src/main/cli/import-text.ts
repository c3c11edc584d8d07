// What `loupe import` and `loupe add` print: the report of an import or an added batch, in a few lines.
import { VERIFY_BY_DEFAULT_BELOW } from '../services/imports/import-common';
import type { ImportReport } from '../../shared/api/types';

/** How many files a text report names per list; --json lists them all. */
const LISTED = 10;

function listed<T>(items: readonly T[], show: (item: T) => string): string {
  const more = items.length > LISTED ? `, and ${items.length - LISTED} more (--json lists them all)` : '';
  return items.slice(0, LISTED).map(show).join(', ') + more;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The report in words; `withLabels` says whether a label CSV was given. */
export function describeImport(r: ImportReport, withLabels: boolean): string {
  const [one, many] = r.kind === 'severstal' ? ['image', 'images'] : ['slice', 'slices'];
  const head = r.added
    ? `Added ${plural(r.items, one, many)} to dataset "${r.name}" (id ${r.datasetId}); ${r.labelled} with ground-truth labels.`
    : `Imported ${r.items} ${many} into dataset "${r.name}" (id ${r.datasetId}); ${r.labelled} with ground-truth labels.`;
  const lines = [head];
  if (!withLabels && r.items > 0) lines.push(`No label CSV: every ${r.added ? 'new ' : ''}${one} is unlabelled (no truth; a person or a model draft labels it).`);
  if (r.unchanged.length) lines.push(`Skipped ${plural(r.unchanged.length, `${one} the dataset has`, `${many} the dataset has`)} already (same id, same bytes): ${listed(r.unchanged, (f) => f.file)}.`);
  if (!r.verified) {
    const why = r.items >= VERIFY_BY_DEFAULT_BELOW ? `${VERIFY_BY_DEFAULT_BELOW.toLocaleString('en')} slices or more; --verify decodes them all` : '--no-verify';
    lines.push(`Checked the structure of every slice but decoded none in full (${why}).`);
  }
  if (r.skippedMissing) lines.push(`Skipped ${plural(r.skippedMissing, 'label row', 'label rows')} whose ${one} is not in the folder.`);
  if (r.fixedAny) lines.push(`Recomputed "any" on ${r.fixedAny} slices.`);
  if (r.leftOut.length) lines.push(`Left out ${r.leftOut.length} file${r.leftOut.length === 1 ? '' : 's'}: ${listed(r.leftOut, (f) => `${f.file} (${f.reason})`)}.`);
  if (r.warnings.length) {
    // One line per reason, naming its files: a series of 300 ankle slices is one line, not 300.
    const byMessage = new Map<string, string[]>();
    for (const w of r.warnings) byMessage.set(w.message, [...(byMessage.get(w.message) ?? []), w.file]);
    const files = new Set(r.warnings.map((w) => w.file)).size;
    lines.push(`Warning: ${files} ${files === 1 ? 'file looks' : 'files look'} unlike head-CT slices (imported all the same):`);
    for (const [message, names] of byMessage) lines.push(`  ${message}: ${listed(names, (n) => n)}`);
  }
  return lines.join('\n');
}
