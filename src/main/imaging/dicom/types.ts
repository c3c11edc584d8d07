// What Loupe reads from a DICOM file. Header fields come from dicom-parser; pixels are decoded separately.

export interface DicomMeta {
  sopInstanceUid: string;
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string;
  studyDescription: string;
  modality: string;
  instanceNumber: number | null;
  /** ImagePositionPatient (x, y, z) in mm, or null when absent. */
  imagePosition: [number, number, number] | null;
  /** ImageOrientationPatient (row cosines then column cosines), or null when absent. */
  imageOrientation: [number, number, number, number, number, number] | null;
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** Every value of the multi-valued WindowCenter / WindowWidth, in file order (may be empty). */
  windowCenters: number[];
  windowWidths: number[];
  transferSyntaxUid: string;
  transferSyntaxName: string;
}

/** One decoded frame in Hounsfield units (rescale applied, RSNA fix applied, MONOCHROME1 inverted). */
export interface DicomFrame {
  meta: DicomMeta;
  frame: number;
  width: number;
  height: number;
  /** Row-major, width × height, HU rounded to integers. */
  hu: Int16Array;
  /** True when the RSNA intercept fix (DESIGN.md) was applied to this file. */
  rsnaFixApplied: boolean;
}
