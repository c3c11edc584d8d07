// A strip's save that met someone else's save: nothing of it was written and its document is held. The person
// sees their masks and mine per class and picks, class by class, which to keep ("merge by class"); keeping
// theirs everywhere or mine everywhere are the two short cuts. The result is saved as new revisions based on
// their revisions, so their work stays in the history and is never silently overwritten.
import { markRaw, shallowRef } from 'vue';
import type { SaveConflict, TheirLabel } from '../../../../../shared/api/collaboration-types';
import { mergeByClass, type MergePick } from '../../../../../shared/merge-by-class';
import { decodeRle, encodeRle } from '../../../../../shared/rle';
import type { SteelDocument } from '../engine/SteelDocument';

export interface StripConflict {
  itemId: number;
  key: string;
  theirs: TheirLabel[];
  /** Defect pixels of my mask per conflicting class. */
  minePixels: Record<number, number>;
  doc: SteelDocument;
}

export interface ConflictTarget {
  /** Saves the document's changed classes (the save queue's save); true when all is saved. */
  save(doc: SteelDocument, key: string): Promise<boolean>;
  /** A class's mask changed under the document (theirs taken): redraw what depends on it. */
  changed(doc: SteelDocument): void;
  tell(text: string): void;
}

export function stripConflicts(target: ConflictTarget) {
  const conflict = shallowRef<StripConflict | null>(null);

  function meet(doc: SteelDocument, key: string, found: SaveConflict): void {
    const minePixels = Object.fromEntries(found.theirs.map((t) => [t.classId, doc.pixels(t.classId)]));
    conflict.value = markRaw({ itemId: doc.itemId, key, theirs: found.theirs, minePixels, doc });
  }

  /** Saves the merge: per conflicting class their mask or mine (a class not picked keeps mine). */
  async function resolve(picks: ReadonlyMap<number, MergePick>): Promise<boolean> {
    const found = conflict.value;
    if (!found) return false;
    const { doc, key } = found;
    const merged = mergeByClass(doc.classesToSave(), found.theirs, picks);
    for (const m of merged) doc.rebase(m.classId, m.base);
    let tookTheirs = false;
    for (const t of found.theirs) {
      if (picks.get(t.classId) !== 'theirs') continue;
      const mask = decodeRle(t.payload, doc.width, doc.height);
      doc.replace(t.classId, mask);
      doc.markSaved([{ classId: t.classId, rle: encodeRle(mask) }]);
      tookTheirs = true;
    }
    if (tookTheirs) target.changed(doc);
    conflict.value = null;
    const kept = found.theirs.filter((t) => picks.get(t.classId) !== 'theirs').map((t) => t.classId);
    const ok = await target.save(doc, key);
    if (ok) target.tell(kept.length ? `Saved ${key} on top of ${authors(found.theirs)}'s: your class ${kept.join(', ')} kept` : `Took ${authors(found.theirs)}'s masks of ${key}`);
    return ok;
  }

  /** Closes the view without choosing: the changes stay kept (unsaved) until the next save asks again. */
  function later(): void {
    conflict.value = null;
  }

  return { conflict, meet, resolve, later };
}

/** "Ana", "Ana and Ben": who saved the labels met. */
export function authors(theirs: readonly TheirLabel[]): string {
  const names = [...new Set(theirs.map((t) => t.author ?? 'someone'))];
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'someone');
}
