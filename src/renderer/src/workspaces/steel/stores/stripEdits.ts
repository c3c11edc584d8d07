// The edits of the open strip made from the toolbar, the panels and the keys rather than with a tool on the
// canvas: undo and redo, "remove small islands", and "use the model" for the class being edited or for every
// class. Each is one undoable step of the strip's document, and says in one line what it did.
import { removeIslandsSmallerThan } from '../../../../../shared/mask-edit/islands';
import { STEEL_CLASSES } from '../../../../../shared/domain';
import type { SteelDocument } from '../engine/SteelDocument';

/** The model's prediction of the open strip: its masks, and which model made them. */
export interface PredictionMasks {
  masks: ReadonlyMap<number, Uint8Array>;
  source: string;
  version: string;
}

export interface EditTarget {
  document(): SteelDocument | null;
  prediction(): PredictionMasks | null;
  activeClass(): number;
  /** Blobs smaller than this many pixels are "small islands". */
  islandMin(): number;
  tell(text: string): void;
}

export function stripEdits(target: EditTarget) {
  function undo(): void {
    if (!target.document()?.undo()) target.tell('Nothing to undo');
  }

  function redo(): void {
    if (!target.document()?.redo()) target.tell('Nothing to redo');
  }

  function removeSmallIslands(): void {
    const doc = target.document();
    if (!doc) return;
    const classId = target.activeClass();
    const min = target.islandMin();
    let removed = { blobs: 0, pixels: 0 };
    doc.edit(classId, (mask) => {
      const result = removeIslandsSmallerThan(mask, doc.width, doc.height, min);
      removed = result;
      return result.region;
    });
    target.tell(
      removed.blobs
        ? `Removed ${removed.blobs} class ${classId} blob${removed.blobs === 1 ? '' : 's'} (${removed.pixels.toLocaleString('en')} px) smaller than ${min} px`
        : `No class ${classId} blob is smaller than ${min} px`,
    );
  }

  /**
   * Copies the model's prediction into the class being edited, or into every class, as one undoable edit;
   * the classes it changed are saved as edited from that model.
   */
  function useModel(scope: 'class' | 'all'): void {
    const doc = target.document();
    if (!doc) return;
    const prediction = target.prediction();
    if (!prediction) return target.tell('No model prediction for this strip: pre-annotate the dataset in the Models panel first');
    const classes = scope === 'all' ? STEEL_CLASSES : [target.activeClass()];
    const changed = doc.useModel(prediction.masks, prediction.source, classes);
    if (!changed.length) return target.tell(`${scope === 'all' ? 'Every class' : `Class ${classes[0]}`} already is model ${prediction.version}'s prediction`);
    target.tell(`Class ${changed.join(', ')} from model ${prediction.version}: Ctrl+Z takes it back`);
  }

  return { undo, redo, removeSmallIslands, useModel };
}
