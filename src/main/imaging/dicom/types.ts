// What Loupe reads from a DICOM file. Header fields come from dicom-parser; pixels are decoded separately.

export interface DicomMeta {
  sopInstanceUid: string;
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string;
  studyDescription: string;
  modality: string;
  /** BodyPartExamined ('' when absent). Optional only so that hand-built metas in tests stay valid; readDicomMeta sets it. */
  bodyPartExamined?: string;
  /** SOPClassUID ('' when absent, as in RSNA's files). Optional for the same reason; readDicomMeta sets it. */
  sopClassUid?: string;
  instanceNumber: number | null;
  /** ImagePositionPatient (x, y, z) in mm, or null when absent. */
  imagePosition: [number, number, number] | null;
  /** ImageOrientationPatient (row cosines then column cosines), or null when absent. */
  imageOrientation: [number, number, number, number, number, number] | null;
  /** PixelSpacing (row spacing, column spacing) in mm, or null when absent. Set by readDicomMeta. */
  pixelSpacing?: [number, number] | null;
  /** SliceThickness in mm, or null when absent. Set by readDicomMeta. */
  sliceThickness?: number | null;
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  /**
   * RescaleSlope / RescaleIntercept as the header says (top level, else the enhanced multi-frame functional
   * groups); slope 1 and intercept 0 when absent. The RSNA fix does not change these (see DicomFrame).
   */
  rescaleSlope: number;
  rescaleIntercept: number;
  /** Every value of the multi-valued WindowCenter / WindowWidth, in file order (may be empty). */
  windowCenters: number[];
  windowWidths: number[];
  transferSyntaxUid: string;
  transferSyntaxName: string;
}

/**
 * One decoded frame in Hounsfield units: BitsStored masked / sign-extended, RSNA fix applied, MONOCHROME1 inverted
 * (mirrored within the BitsStored range before rescale, so larger always means brighter; see hu.ts), rescaled.
 */
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
