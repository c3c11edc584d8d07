// Saves of strips, one after the other per strip (a Ctrl+S during an autosave waits for it). A save that
// fails keeps its document — masks and undo history — so the change is never dropped: it is listed,
// retried on request, and reopening that strip brings the unsaved masks back. The request that saves is
// handed in (the store's `steel.save`), so the queue is tested without a host.
import { ref } from 'vue';
import type { SteelSaveResult, SteelSavedClass } from '../../../../../shared/api/steel-types';
import type { SteelDocument } from '../engine/SteelDocument';
import type { SaveConflict } from '../../../../../shared/api/collaboration-types';

/** Sends the changed classes of one strip (each with the model draft it came from); resolves with what the host saved. */
export type SaveRequest = (itemId: number, classes: SteelSavedClass[]) => Promise<SteelSaveResult>;

export interface SaveOptions {
  /** On a strip with no label yet, save its masks even unchanged: the model draft as it is, or "no defect". */
  acceptAsIs?: boolean;
}

export interface FailedSave {
  itemId: number;
  key: string;
  message: string;
}

export interface SaveHooks {
  onSaved(doc: SteelDocument, result: SteelSaveResult): void;
  onBusy(busy: boolean): void;
  /** Someone else saved the strip since its masks were based: the save wrote nothing, the document is held. */
  onConflict?(doc: SteelDocument, key: string, conflict: SaveConflict): void;
}

export class SaveQueue {
  readonly failed = ref<FailedSave[]>([]);
  private readonly chains = new Map<number, Promise<boolean>>();
  private readonly held = new Map<number, { doc: SteelDocument; key: string; options: SaveOptions }>();
  private running = 0;

  constructor(
    private readonly request: SaveRequest,
    private readonly hooks: SaveHooks,
  ) {}

  /** Saves the document's changed classes after any save of the same strip still on its way; true when all is saved. */
  save(doc: SteelDocument, key: string, options: SaveOptions = {}): Promise<boolean> {
    const previous = this.chains.get(doc.itemId) ?? Promise.resolve(true);
    const run = previous.then(() => this.send(doc, key, options));
    this.chains.set(doc.itemId, run);
    void run.finally(() => {
      if (this.chains.get(doc.itemId) === run) this.chains.delete(doc.itemId);
    });
    return run;
  }

  /** Resolves once no save of the strip is on its way. */
  async settled(itemId: number): Promise<void> {
    await this.chains.get(itemId);
  }

  /** The document of a strip whose save failed (its changes live only here), if any. */
  heldDocument(itemId: number): SteelDocument | null {
    return this.held.get(itemId)?.doc ?? null;
  }

  /** Saves in flight plus saves that failed. */
  get pending(): number {
    return this.running + this.held.size;
  }

  async retryFailed(): Promise<void> {
    await Promise.all([...this.held.values()].map(({ doc, key, options }) => this.save(doc, key, options)));
  }

  private async send(doc: SteelDocument, key: string, options: SaveOptions): Promise<boolean> {
    const classes = doc.classesToSave(options.acceptAsIs);
    if (!classes.length) {
      this.forget(doc.itemId);
      return true;
    }
    this.running++;
    this.hooks.onBusy(true);
    try {
      const result = await this.request(doc.itemId, classes);
      doc.markSaved(classes);
      for (const saved of result.saved) doc.rebase(saved.classId, saved.revisionId);
      this.forget(doc.itemId);
      this.hooks.onSaved(doc, result);
      return true;
    } catch (e) {
      this.held.set(doc.itemId, { doc, key, options });
      this.failed.value = [...this.failed.value.filter((f) => f.itemId !== doc.itemId), { itemId: doc.itemId, key, message: (e as Error).message }];
      const conflict = (e as { conflict?: SaveConflict }).conflict;
      if (conflict) this.hooks.onConflict?.(doc, key, conflict);
      return false;
    } finally {
      this.running--;
      this.hooks.onBusy(this.running > 0);
    }
  }

  private forget(itemId: number): void {
    if (!this.held.delete(itemId)) return;
    this.failed.value = this.failed.value.filter((f) => f.itemId !== itemId);
  }
}
