// The model registry: every model version Loupe knows (its task, architecture, parent, creation time, the
// label revisions it was trained on, its validation metrics) and which one is active per task. The model
// files live in folders under the models directory; the rows here describe them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { LoupeError, badInput, notFound } from '../../../shared/errors';
import { parseModelCard, type ModelCard, type ModelTask, type SteelModelCard } from '../../../shared/ml/model-card';
import { checkSteelPostprocessing, type SteelPostprocessing } from '../../../shared/ml/steel-postprocess';
import type { EpochPoint } from '../../../shared/api/model-types';
import { writeCard } from '../../ml/model-check';
import { NO_MODELS_DIR, resolveModelPath, storedModelPath } from './model-paths';
import type { EnsembleMember } from '../../../shared/ml/ensemble';

/** What a version was trained on: enough to name the exact label revisions (they are append-only). */
export interface TrainingSnapshot {
  dataset?: string;
  /** Truth and human revisions of the dataset when training began: how many, the newest id, a digest of all ids. */
  labelRevisions?: { count: number; upToId: number; sha256: string };
  items?: { training: number; validation: number; pseudoLabelled: number };
  split?: { seed: number; share: number; groupedBy: 'patient' | 'image' };
  [key: string]: unknown;
}

export interface ModelMetrics {
  validation?: {
    metric: EpochPoint['metricName'];
    value: number | null;
    /** The parent's score on the same validation items, for comparison. */
    parentVersion: string | null;
    parentValue: number | null;
    perClass?: Record<string, number>;
    items: number;
    /** The baseline (all-empty steel prediction, CT base rates) on the same items, overall and per class. */
    baselineValue?: number | null;
    baselineName?: string;
    parentPerClass?: Record<string, number> | null;
    baselinePerClass?: Record<string, number>;
    /** Which items were scored (validation-sets.ts), in which dataset: figures of other fingerprints are of other items. */
    fingerprint?: string;
    dataset?: string;
    datasetId?: number;
    /** The activation rule's words when the version was trained. */
    decision?: string;
  };
  epochs?: EpochPoint[];
  stoppedBy?: 'epochs' | 'time';
  steps?: number;
  [key: string]: unknown;
}

/** One card a version has had: revision 1 as registered, then every change (tuning applied, revert …). */
export interface CardRevision {
  revision: number;
  card: ModelCard;
  /** Why the card changed, in words ("as registered", "tuned on 8 reviewed strips", "reverted to card revision 1"). */
  reason: string;
  author: string;
  createdAt: string;
}

export interface ModelVersion {
  version: string;
  task: ModelTask;
  architecture: string;
  parentVersion: string | null;
  createdAt: string;
  /** The model folder (model.json, weights, card.json). */
  path: string;
  card: ModelCard;
  trainingSnapshot: TrainingSnapshot;
  metrics: ModelMetrics;
  active: boolean;
  /** The number of the card revision in use (1 until its card is changed). */
  cardRevision: number;
  /** An ensemble's members in order (their version, folder, weight and TTA set); empty for any other version. */
  members: EnsembleMember[];
}

export interface NewModelVersion {
  version: string;
  task: ModelTask;
  architecture: string;
  parentVersion: string | null;
  path: string;
  card: ModelCard;
  trainingSnapshot?: TrainingSnapshot;
  metrics?: ModelMetrics;
}

interface ModelRow {
  version: string;
  task: ModelTask;
  architecture: string;
  parent_version: string | null;
  created_at: string;
  path: string;
  card: string;
  training_snapshot: string;
  metrics: string;
  active: number;
  card_revision: number | null;
}

const toVersion = (r: ModelRow, members: EnsembleMember[]): ModelVersion => ({
  version: r.version,
  task: r.task,
  architecture: r.architecture,
  parentVersion: r.parent_version,
  createdAt: r.created_at,
  path: r.path,
  card: parseModelCard(JSON.parse(r.card), `card of model ${r.version}`),
  trainingSnapshot: JSON.parse(r.training_snapshot) as TrainingSnapshot,
  metrics: JSON.parse(r.metrics) as ModelMetrics,
  active: r.active === 1,
  cardRevision: r.card_revision ?? 1,
  members,
});

/** Every column of a version, with the number of its newest card revision. */
const SELECT_MODELS = `SELECT m.*, (SELECT MAX(c.revision) FROM model_card_revisions c WHERE c.version = m.version) AS card_revision FROM models m`;

export const VERSION_PATTERN = /^[A-Za-z0-9][\w.-]{0,63}$/;

export class ModelService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Where model folders live (one folder per version); null for a team database given none. */
    private readonly modelsFolder: string | null,
    private readonly author: () => string,
  ) {}

  /** Where model folders live; a team database without one fails here, the first time a folder is needed. */
  get modelsDir(): string {
    if (this.modelsFolder === null) throw badInput(NO_MODELS_DIR);
    return this.modelsFolder;
  }

  list(task?: ModelTask): ModelVersion[] {
    const rows = (
      task
        ? this.db.prepare(`${SELECT_MODELS} WHERE m.task = ? ORDER BY m.id`).all(task)
        : this.db.prepare(`${SELECT_MODELS} ORDER BY m.id`).all()
    ) as ModelRow[];
    return rows.map((r) => this.toVersion(r));
  }

  private toVersion(row: ModelRow): ModelVersion {
    const members = this.db
      .prepare('SELECT member_version AS version, dir, weight, tta FROM ensemble_members WHERE version = ? ORDER BY position')
      .all(row.version) as EnsembleMember[];
    const version = toVersion(row, members);
    // Resolved when read: on a team database without a models folder, only what needs the files fails.
    const folder = this.modelsFolder;
    return Object.defineProperty(version, 'path', { get: () => resolveModelPath(folder, row.path), enumerable: true });
  }

  get(version: string): ModelVersion {
    const row = this.db.prepare(`${SELECT_MODELS} WHERE m.version = ?`).get(version) as ModelRow | undefined;
    if (!row) throw notFound(`no model version "${version}" (loupe models lists them)`);
    return this.toVersion(row);
  }

  has(version: string): boolean {
    return this.db.prepare('SELECT 1 FROM models WHERE version = ?').get(version) !== undefined;
  }

  active(task: ModelTask): ModelVersion | null {
    const row = this.db.prepare(`${SELECT_MODELS} WHERE m.task = ? AND m.active = 1`).get(task) as ModelRow | undefined;
    return row ? this.toVersion(row) : null;
  }

  /** The folder a new version's files go to. */
  folderFor(version: string): string {
    return join(this.modelsDir, version);
  }

  /** The next free `<task>-<n>` version name (skipping names reserved by runs still in progress). */
  nextVersion(task: ModelTask, reserved: ReadonlySet<string> = new Set()): string {
    for (let n = 1; ; n++) {
      const version = `${task}-${n}`;
      if (!this.has(version) && !reserved.has(version) && !existsSync(this.folderFor(version))) return version;
    }
  }

  /** Adds a version whose folder is in place; it is not active until activated. */
  register(entry: NewModelVersion): ModelVersion {
    if (!VERSION_PATTERN.test(entry.version)) throw badInput(`model version "${entry.version}": use letters, digits, '.', '_' or '-' (up to 64)`);
    if (this.has(entry.version)) throw new LoupeError('conflict', `model version "${entry.version}" exists already`);
    if (entry.parentVersion && !this.has(entry.parentVersion)) throw notFound(`parent model version "${entry.parentVersion}" is not registered`);
    const members = entry.card.ensemble?.members ?? [];
    const missing = members.find((m) => m.version !== null && !this.has(m.version));
    if (missing) throw notFound(`member model version "${missing.version}" is not registered`);
    const now = this.clock.now();
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO models (version, task, architecture, parent_version, created_at, path, card, training_snapshot, metrics)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(entry.version, entry.task, entry.architecture, entry.parentVersion, now, storedModelPath(this.modelsFolder, entry.path), JSON.stringify(entry.card),
          JSON.stringify(entry.trainingSnapshot ?? {}), JSON.stringify(entry.metrics ?? {}));
      this.addCardRevision(entry.version, 1, entry.card, 'as registered', now);
      const insert = this.db.prepare('INSERT INTO ensemble_members (version, position, member_version, dir, weight, tta) VALUES (?, ?, ?, ?, ?, ?)');
      members.forEach((m, position) => insert.run(entry.version, position, m.version, m.dir, m.weight, m.tta));
    })();
    return this.get(entry.version);
  }

  /** Makes a version the active one of its task (the previous active one stays registered). */
  activate(version: string): ModelVersion {
    const model = this.get(version);
    this.db.transaction(() => {
      this.db.prepare('UPDATE models SET active = 0 WHERE task = ? AND active = 1').run(model.task);
      this.db.prepare('UPDATE models SET active = 1 WHERE version = ?').run(version);
      this.db.prepare('INSERT INTO model_activations (task, version, author, created_at) VALUES (?, ?, ?, ?)').run(model.task, version, this.author(), this.clock.now());
    })();
    return this.get(version);
  }

  /** Re-activates the version that was active before the current one. */
  rollback(task: ModelTask): ModelVersion {
    const current = this.active(task)?.version;
    const history = this.db.prepare('SELECT version FROM model_activations WHERE task = ? ORDER BY id DESC').all(task) as { version: string }[];
    const previous = history.find((h) => h.version !== current && this.has(h.version));
    if (!previous) throw new LoupeError('conflict', `no earlier ${task} model to roll back to`);
    return this.activate(previous.version);
  }

  /**
   * Gives a version a new card (in the store and its folder) as its next card revision, with the reason. The
   * task and architecture cannot change: a card describes the weights in the folder.
   */
  setCard(version: string, card: ModelCard, reason: string): ModelVersion {
    const model = this.get(version);
    const checked = parseModelCard(card, `new card of model ${version}`);
    if (checked.task !== model.task || checked.architecture !== model.card.architecture) {
      throw badInput(`the new card of ${version} must keep its task (${model.task}) and architecture (${model.card.architecture})`);
    }
    if (checked.task === 'steel') checkSteelPostprocessing(checked);
    this.db.transaction(() => {
      this.db.prepare('UPDATE models SET card = ? WHERE version = ?').run(JSON.stringify(checked), version);
      this.addCardRevision(version, model.cardRevision + 1, checked, reason, this.clock.now());
    })();
    writeCard(model.path, checked);
    return this.get(version);
  }

  /** Every card a version has had, oldest first. */
  cardRevisions(version: string): CardRevision[] {
    this.get(version);
    const rows = this.db
      .prepare('SELECT revision, card, reason, author, created_at AS createdAt FROM model_card_revisions WHERE version = ? ORDER BY revision')
      .all(version) as { revision: number; card: string; reason: string; author: string; createdAt: string }[];
    return rows.map((r) => ({ ...r, card: parseModelCard(JSON.parse(r.card), `card revision ${r.revision} of model ${version}`) }));
  }

  /** Puts an earlier card revision back in use, as a new revision (so the revert itself can be undone too). */
  revertCard(version: string, revision: number): ModelVersion {
    const earlier = this.cardRevisions(version).find((r) => r.revision === revision);
    if (!earlier) throw notFound(`model ${version} has no card revision ${revision}`);
    return this.setCard(version, earlier.card, `reverted to card revision ${revision}`);
  }

  private addCardRevision(version: string, revision: number, card: ModelCard, reason: string, at: string): void {
    this.db
      .prepare('INSERT INTO model_card_revisions (version, revision, card, reason, author, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(version, revision, JSON.stringify(card), reason, this.author(), at);
  }

  /** Changes a steel version's thresholds / min-areas / presence gates (its card, in the store and its folder). */
  setPostprocessing(version: string, post: Partial<SteelPostprocessing>, reason = 'thresholds and min-areas set by hand'): ModelVersion {
    const model = this.get(version);
    if (model.card.task !== 'steel') throw badInput(`model ${version} is a ${model.task} model; thresholds and min-areas apply to steel models`);
    const card: SteelModelCard = {
      ...model.card,
      ...(post.thresholds ? { thresholds: [...post.thresholds] } : {}),
      ...(post.minArea ? { minArea: [...post.minArea] } : {}),
      ...(post.presenceThresholds ? { presenceThresholds: [...post.presenceThresholds] } : {}),
    };
    checkSteelPostprocessing(card);
    return this.setCard(version, card, reason);
  }
}
