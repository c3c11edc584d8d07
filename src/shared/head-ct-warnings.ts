// What makes a DICOM slice look like something other than a head-CT slice: Loupe's CT task is head CT, so such
// slices are imported (the file is sound) but each is listed in the import report with the reason.

/** The header fields the checks read. */
export interface SliceHeader {
  modality: string;
  /** BodyPartExamined ('' or absent when the file does not say). */
  bodyPartExamined?: string;
  /** SOPClassUID ('' or absent when the file does not say, as in RSNA's files). */
  sopClassUid?: string;
  rows: number;
  columns: number;
}

/** CT Image Storage, Enhanced CT Image Storage, Legacy Converted Enhanced CT Image Storage. */
const CT_SOP_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.5.1.4.1.1.2.1', '1.2.840.10008.5.1.4.1.1.2.2']);
const SOP_CLASS_NAMES: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.1': 'Computed Radiography Image Storage',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image Storage',
  '1.2.840.10008.5.1.4.1.1.4': 'MR Image Storage',
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image Storage',
  '1.2.840.10008.5.1.4.1.1.7': 'Secondary Capture Image Storage',
  '1.2.840.10008.5.1.4.1.1.20': 'Nuclear Medicine Image Storage',
  '1.2.840.10008.5.1.4.1.1.128': 'PET Image Storage',
};
/** BodyPartExamined values that mean the head (DICOM's defined terms, and common scanner spellings). */
const HEAD_PARTS = /HEAD|BRAIN|SKULL|CRAN/;
/** Head CTs are square, 256 to 1024 pixels a side (512 almost always). */
export const HEAD_CT_MIN_SIDE = 128;
export const HEAD_CT_MAX_SIDE = 1024;

/** Why this slice looks unlike a head-CT slice; empty when nothing does. */
export function headCtWarnings(h: SliceHeader): string[] {
  const warnings: string[] = [];
  const modality = h.modality.trim().toUpperCase();
  if (modality === '') warnings.push('has no Modality, so it may not be CT');
  else if (modality !== 'CT') warnings.push(`Modality is ${h.modality.trim()}, not CT`);
  const sopClass = h.sopClassUid?.trim() ?? '';
  if (sopClass !== '' && !CT_SOP_CLASSES.has(sopClass)) {
    const name = SOP_CLASS_NAMES[sopClass];
    warnings.push(`SOP Class is ${name ? `${name} (${sopClass})` : sopClass}, not a CT image`);
  }
  const bodyPart = h.bodyPartExamined?.trim() ?? '';
  if (bodyPart !== '' && !HEAD_PARTS.test(bodyPart.toUpperCase())) warnings.push(`BodyPartExamined is ${bodyPart}, not the head`);
  const size = `${h.columns}×${h.rows}`;
  if (h.rows !== h.columns) warnings.push(`${size} is not square, unusual for a head CT`);
  else if (h.rows < HEAD_CT_MIN_SIDE) warnings.push(`${size} is smaller than ${HEAD_CT_MIN_SIDE} px a side, unusual for a head CT`);
  else if (h.rows > HEAD_CT_MAX_SIDE) warnings.push(`${size} is larger than ${HEAD_CT_MAX_SIDE} px a side, unusual for a head CT`);
  return warnings;
}
