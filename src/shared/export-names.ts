// The names Loupe gives the files it writes for people: a dataset's label CSV and a strip's class masks.
// Main (the desktop's save dialog, folder writes and the streamed CSV route's attachment name) and the renderer
// (browser downloads) both name them here, so a file is called the same whichever shell saved it.
import type { DatasetKind } from './domain';

/** A name made safe for any file system: runs of other characters become `_`, no leading dots or `_`. */
function fileStem(name: string, fallback: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '') || fallback;
}

/**
 * A dataset's label CSV of `source` (current | truth): `<dataset>-current.csv` for a steel dataset's Severstal
 * CSV, `<dataset>-labels.csv` for a CT dataset's RSNA `ID,Label` CSV of its current labels (`-truth.csv` of truth).
 */
export function exportFileName(dataset: { name: string; kind: DatasetKind }, source: string): string {
  if (dataset.kind === 'severstal') return `${fileStem(dataset.name, 'steel')}-${source}.csv`;
  return `${fileStem(dataset.name, 'ct')}-${source === 'current' ? 'labels' : source}.csv`;
}

/** `0030401a5_class4.png` for class 4 of image 0030401a5.jpg. */
export function maskFileName(key: string, classId: number): string {
  return `${fileStem(key.replace(/\.[^.]+$/, ''), 'strip')}_class${classId}.png`;
}
