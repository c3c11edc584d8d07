// What the viewer writes over the slice's corners.
export interface SliceFacts {
  patientId: string;
  studyDescription: string;
  studyUid: string;
  seriesDescription: string;
  datasetName: string;
  modality: string;
  /** Place in the series, from 0. */
  index: number;
  count: number;
  key: string;
  instance: number | null;
  /** Position along the slice normal, mm. */
  position: number | null;
}
