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
    /** The parent's score on the same split, for comparison. */
    parentVersion: string | null;
    parentValue: number | null;
    perClass?: Record<string, number>;
    items: number;
  };
  epochs?: EpochPoint[];
  stoppedBy?: 'epochs' | 'time';
  steps?: number;
  [key: string]: unknown;
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
}

const toVersion = (r: ModelRow): ModelVersion => ({
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
});

export const VERSION_PATTERN = /^[A-Za-z0-9][\w.-]{0,63}$/;

export class ModelService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Where model folders live (one folder per version). */
    readonly modelsDir: string,
    private readonly author: () => string,
  ) {}

  list(task?: ModelTask): ModelVersion[] {
    const rows = (
      task
        ? this.db.prepare('SELECT * FROM models WHERE task = ? ORDER BY id').all(task)
        : this.db.prepare('SELECT * FROM models ORDER BY id').all()
    ) as ModelRow[];
    return rows.map(toVersion);
  }

  get(version: string): ModelVersion {
    const row = this.db.prepare('SELECT * FROM models WHERE version = ?').get(version) as ModelRow | undefined;
    if (!row) throw notFound(`no model version "${version}" (loupe models lists them)`);
    return toVersion(row);
  }

  has(version: string): boolean {
    return this.db.prepare('SELECT 1 FROM models WHERE version = ?').get(version) !== undefined;
  }

  active(task: ModelTask): ModelVersion | null {
    const row = this.db.prepare('SELECT * FROM models WHERE task = ? AND active = 1').get(task) as ModelRow | undefined;
    return row ? toVersion(row) : null;
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
    this.db
      .prepare(`INSERT INTO models (version, task, architecture, parent_version, created_at, path, card, training_snapshot, metrics)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(entry.version, entry.task, entry.architecture, entry.parentVersion, this.clock.now(), entry.path, JSON.stringify(entry.card),
        JSON.stringify(entry.trainingSnapshot ?? {}), JSON.stringify(entry.metrics ?? {}));
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

  /** Changes a steel version's thresholds / min-areas / presence gates (its card, in the store and its folder). */
  setPostprocessing(version: string, post: Partial<SteelPostprocessing>): ModelVersion {
    const model = this.get(version);
    if (model.card.task !== 'steel') throw badInput(`model ${version} is a ${model.task} model; thresholds and min-areas apply to steel models`);
    const card: SteelModelCard = {
      ...model.card,
      ...(post.thresholds ? { thresholds: [...post.thresholds] } : {}),
      ...(post.minArea ? { minArea: [...post.minArea] } : {}),
      ...(post.presenceThresholds ? { presenceThresholds: [...post.presenceThresholds] } : {}),
    };
    checkSteelPostprocessing(card);
    this.db.prepare('UPDATE models SET card = ? WHERE version = ?').run(JSON.stringify(card), version);
    writeCard(model.path, card);
    return this.get(version);
  }
}
