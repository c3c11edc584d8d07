// How the registry reads in the renderer: a version with its validation figures beside its parent's and the
// baseline's per class (and whether they are of the dataset's validation set as it stands), its card
// revisions and its current post-processing or calibration; a dataset's validation set.
import type { ModelVersionView } from '../../shared/api/model-types';
import type { ClassComparisonView, DraftCountView, ValidationSetView, VersionValidationView } from '../../shared/api/model-loop-types';
import { parseCtPrediction } from '../../shared/ml/ct-prediction';
import { modelKindOf } from '../../shared/ml/model-card';
import type { CardRevision, ModelVersion } from '../services/models/models';
import type { ValidationSetInfo } from '../services/models/validation-sets';
import { baselineNameOf } from '../services/models/comparison';

export const validationSetView = (set: ValidationSetInfo | null): ValidationSetView | null =>
  set && {
    size: set.itemIds.length,
    groups: set.groupKeys.length,
    groupedBy: set.groupedBy,
    fingerprint: set.fingerprint,
    seed: set.seed,
    share: set.share,
    createdAt: set.createdAt,
  };

/** Per class: the version, its parent and the baseline as stored with it. */
function storedClasses(v: NonNullable<ModelVersion['metrics']['validation']>): ClassComparisonView[] {
  const child = v.perClass ?? {};
  const parent = v.parentPerClass ?? null;
  const baseline = v.baselinePerClass ?? {};
  return Object.keys(child).map((key) => {
    const p = parent ? (parent[key] ?? Number.NaN) : null;
    const b = baseline[key] ?? Number.NaN;
    return { key, child: child[key], parent: p, baseline: b, deltaParent: p === null ? null : child[key] - p, deltaBaseline: child[key] - b };
  });
}

function validationView(v: ModelVersion, currentFingerprint: string | null): VersionValidationView | null {
  const stored = v.metrics.validation;
  if (!stored) return null;
  return {
    metricName: stored.metric,
    value: stored.value,
    parentVersion: stored.parentVersion,
    parentValue: stored.parentValue,
    baselineValue: stored.baselineValue ?? null,
    baselineName: stored.baselineName ?? baselineNameOf(stored.metric),
    items: stored.items,
    fingerprint: stored.fingerprint ?? null,
    dataset: stored.dataset ?? null,
    onCurrentSet: stored.fingerprint !== undefined && stored.fingerprint === currentFingerprint,
    perClass: storedClasses(stored),
    decision: stored.decision ?? null,
  };
}

export function versionView(v: ModelVersion, revisions: readonly CardRevision[] = [], currentFingerprint: string | null = null): ModelVersionView {
  const card = v.card;
  return {
    version: v.version,
    task: v.task,
    kind: modelKindOf(card),
    architecture: v.architecture,
    parentVersion: v.parentVersion,
    createdAt: v.createdAt,
    active: v.active,
    metricName: v.metrics.validation?.metric ?? null,
    metric: v.metrics.validation?.value ?? null,
    parentMetric: v.metrics.validation?.parentValue ?? null,
    trainedOn: v.trainingSnapshot.items?.training ?? null,
    validation: validationView(v, currentFingerprint),
    cardRevision: v.cardRevision,
    cardRevisions: revisions.map((r) => ({ revision: r.revision, reason: r.reason, author: r.author, createdAt: r.createdAt })),
    postprocessing:
      card.task === 'steel'
        ? { thresholds: [...card.thresholds], minArea: [...card.minArea], presenceThresholds: card.presenceThresholds ? [...card.presenceThresholds] : null }
        : null,
    calibration: card.task === 'ct' && card.calibration ? { temperature: [...card.calibration.temperature], bias: [...card.calibration.bias] } : null,
    members: v.members.map((m) => ({ version: m.version, label: m.version ?? m.dir, weight: m.weight, tta: m.tta })),
  };
}

/** What a source's drafts find: items predicted, and per class (steel) or `any` ≥ 0.5 (CT) on how many. */
export function draftCounts(drafts: Map<number, Map<number, string>>, source: string, task: 'steel' | 'ct'): DraftCountView {
  const perClass: Record<string, number> = task === 'steel' ? { '1': 0, '2': 0, '3': 0, '4': 0 } : { any: 0 };
  for (const classes of drafts.values()) {
    if (task === 'steel') {
      for (const [classId, rle] of classes) if (rle && perClass[String(classId)] !== undefined) perClass[String(classId)]++;
    } else if ((parseCtPrediction(classes.get(0) ?? '')?.[5] ?? 0) >= 0.5) perClass.any++;
  }
  return { source, items: drafts.size, perClass };
}
