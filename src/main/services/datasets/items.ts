// Items as people see them in a list: display order, current labels summarised, review state.
import type { DatasetService } from './datasets';
import type { LabelService } from '../labels/labels';
import type { ReviewState } from '../../../shared/domain';
import { CT_LABELS, STEEL_CLASSES } from '../../../shared/domain';
import { countRlePixels } from '../../../shared/rle';
import { bitsToLabels } from '../../../shared/ct-labels';

export interface ItemView {
  id: number;
  key: string;
  patientId: string | null;
  studyUid: string | null;
  seriesUid: string | null;
  /** Position along the slice normal in mm (CT), else null. */
  position: number | null;
  /** Steel: pixel count per class "1".."4". CT: 0/1 per label, `any` included. Empty when unlabelled. */
  labels: Record<string, number>;
  review: ReviewState;
}

export class ItemService {
  constructor(
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
  ) {}

  list(datasetRef: string | number): ItemView[] {
    const dataset = this.datasets.get(datasetRef);
    const current = this.labels.labelsOf(dataset.id, 'current');
    const reviews = this.datasets.reviewStates(dataset.id);
    return this.datasets.items(dataset.id).map((item) => {
      const classes = current.get(item.id);
      return {
        id: item.id,
        key: item.key,
        patientId: item.patientId,
        studyUid: item.studyUid,
        seriesUid: item.seriesUid,
        position: item.position,
        labels: dataset.kind === 'severstal' ? steelSummary(classes) : ctSummary(classes),
        review: reviews.get(item.id) ?? 'unreviewed',
      };
    });
  }
}

function steelSummary(classes: Map<number, string> | undefined): Record<string, number> {
  return Object.fromEntries(STEEL_CLASSES.map((c) => [String(c), countRlePixels(classes?.get(c) ?? '')]));
}

function ctSummary(classes: Map<number, string> | undefined): Record<string, number> {
  const payload = classes?.get(0);
  if (payload === undefined) return {};
  const values = bitsToLabels(Number(payload));
  return Object.fromEntries(CT_LABELS.map((label, i) => [label, values[i] ? 1 : 0]));
}
