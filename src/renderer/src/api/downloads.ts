// Downloads in a browser: a link click that the browser saves as a file, for blobs and for binary routes served
// as attachments (a labels CSV streams to disk as it arrives, never held whole in the page).
import { api } from './client';
import { EXPORT_HEADERS, binaryPaths } from '../../../shared/api/binary';

/** Hands a URL (a blob, or a binary route served as an attachment) to the browser as a download. */
export function downloadUrl(url: string, fileName = ''): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Downloads a dataset's labels CSV from the streamed route: first a HEAD, so that a refusal is shown as an error
 * instead of a failed download, then the download itself, which the browser writes to disk as it arrives.
 * Returns the file's name, followed by how many unlabelled items it leaves out when it leaves any out.
 */
export async function downloadLabelsCsv(datasetId: number): Promise<string> {
  const path = binaryPaths.labelsCsv(datasetId);
  const head = await api.fetchBinary(path, { method: 'HEAD' });
  if (!head.ok) throw new Error(await (await api.fetchBinary(path)).text()); // a HEAD carries no reason: ask for it
  const fileName = /filename="([^"]+)"/.exec(head.headers.get('content-disposition') ?? '')?.[1] ?? 'labels.csv';
  downloadUrl(api.binaryUrl(path), fileName);
  return `${fileName}${leftOutNote(Number(head.headers.get(EXPORT_HEADERS.skipped) ?? 0))}`;
}

/** " (3 unlabelled items left out)", or '' when the export left none out. */
export function leftOutNote(skipped: number): string {
  if (!Number.isFinite(skipped) || skipped <= 0) return '';
  return ` (${skipped.toLocaleString('en')} unlabelled ${skipped === 1 ? 'item' : 'items'} left out)`;
}
