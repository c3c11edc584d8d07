// Exports from the workspace: in a browser the files are downloads; in Electron main writes them where the
// person chooses in the system's dialog. The Severstal CSV comes from the same writer as `loupe export`.
import { api } from '../../api/client';
import { binaryPaths } from '../../../../shared/api/binary';
import { STEEL_CLASSES } from '../../../../shared/domain';
import { maskFileName } from '../../../../shared/export-names';

/** Hands a file to the browser as a download. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The dataset's current labels as the Severstal CSV; says where it went. */
export async function exportCsv(datasetId: number): Promise<string> {
  if (api.shell === 'electron') {
    const { paths } = await api.request('steel.saveExport', { what: 'csv', datasetId, source: 'current' });
    return paths.length ? `Saved ${paths[0]}` : 'Export cancelled';
  }
  const { fileName, csv, items } = await api.request('steel.exportCsv', { datasetId, source: 'current' });
  download(new Blob([csv], { type: 'text/csv' }), fileName);
  return `Downloaded ${fileName} (${items.toLocaleString('en')} strips)`;
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
