// Exports from the workspace: in a browser the files are downloads; in Electron main writes them where the
// person chooses in the system's dialog. The Severstal CSV comes from the same writer as `loupe export`, and
// downloads straight from the streamed binary route (the browser writes it to disk as it arrives).
import { api } from '../../../api/client';
import { downloadLabelsCsv, downloadUrl } from '../../../api/downloads';
import { binaryPaths } from '../../../../../shared/api/binary';
import { STEEL_CLASSES } from '../../../../../shared/domain';
import { maskFileName } from '../../../../../shared/export-names';

/** Hands a file to the browser as a download. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The dataset's current labels as the Severstal CSV; says where it went. */
export async function exportCsv(datasetId: number): Promise<string> {
  if (api.shell === 'electron') {
    const { paths } = await api.request('steel.saveExport', { what: 'csv', datasetId, source: 'current' });
    return paths.length ? `Saved ${paths[0]}` : 'Export cancelled';
  }
  return `Downloading ${await downloadLabelsCsv(datasetId)}`;
}

/** The strip's four class masks as PNG (255 = defect), as saved. */
export async function exportMasks(itemId: number, key: string): Promise<string> {
  if (api.shell === 'electron') {
    const { paths } = await api.request('steel.saveExport', { what: 'masks', itemId });
    return paths.length ? `Saved ${paths.length} masks in ${paths[0].replace(/[\\/][^\\/]*$/, '')}` : 'Export cancelled';
  }
  for (const classId of STEEL_CLASSES) {
    const response = await api.fetchBinary(binaryPaths.mask(itemId, classId));
    if (!response.ok) throw new Error(`the class ${classId} mask cannot be read: ${await response.text()}`);
    download(await response.blob(), maskFileName(key, classId));
  }
  return `Downloaded the 4 class masks of ${key}`;
}
