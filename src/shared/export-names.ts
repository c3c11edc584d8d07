// The names Loupe gives the files it writes for people: a dataset's label CSV and a strip's class masks.
// Main (the desktop's save dialog and folder writes) and the renderer (browser downloads) both name them
// here, so a file is called the same whichever shell saved it.

/** A name made safe for any file system: runs of other characters become `_`, no leading dots or `_`. */
function fileStem(name: string, fallback: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '') || fallback;
}

/** `<dataset>-current.csv`: a steel dataset's Severstal CSV of its current (or truth) labels. */
export function steelExportFileName(datasetName: string, source: string): string {
  return `${fileStem(datasetName, 'steel')}-${source}.csv`;
}

/** `<dataset>-labels.csv`: a CT dataset's RSNA `ID,Label` CSV. */
export function ctExportFileName(datasetName: string): string {
  return `${fileStem(datasetName, 'ct')}-labels.csv`;
}

/** `0030401a5_class4.png` for class 4 of image 0030401a5.jpg. */
export function maskFileName(key: string, classId: number): string {
  return `${fileStem(key.replace(/\.[^.]+$/, ''), 'strip')}_class${classId}.png`;
}
