// The composition root: opens the store and wires every service once. The CLI, the browser host and
// Electron's main process all start from here, so they run the very same services.
import { userInfo } from 'node:os';
import { openDatabase, type Db } from './db/database';
import { systemClock, type Clock } from './services/clock';
import { DatasetService } from './services/datasets/datasets';
import { LabelService } from './services/labels/labels';
import { ExportService } from './services/exports/export';
import type { importSeverstal, SeverstalImportOptions } from './services/imports/import-severstal';
import type { importRsna, RsnaImportOptions } from './services/imports/import-rsna';
import type { AddOptions, AddResult } from './services/imports/add-items';
import { WatchService } from './services/imports/watches';
import { ItemService } from './services/datasets/items';
import { ItemPageService } from './services/datasets/item-pages';
import { ItemImageService } from './services/datasets/item-images';
import { SettingsService } from './services/settings/settings';
import { ClaimService } from './services/claims/claims';
import { UserPreferenceService } from './services/settings/preferences';
import { FolderService } from './services/imports/folders';
import { JobService } from './services/jobs/jobs';
import { SteelLabelService } from './services/steel/steel-labels';
import { CtSeriesService } from './services/ct/ct-series';
import { DicomTagService } from './services/ct/dicom-tags';
import { CtPreferenceService } from './services/ct/ct-preferences';
import { createModelServices, type ModelServices, type ModelServicesOptions } from './services/models/models-wiring';
import { PredictionMapStore } from './services/models/predict-maps';
import { QueueSources } from './services/loop/queue-sources';
import { ReviewQueueService } from './services/loop/review-queue';
import { QaService } from './services/loop/qa';
import { UserService } from './services/team/users';
import { SessionService } from './services/team/sessions';
import { AuditService } from './services/team/audit';
import { actingUser } from './services/team/acting-user';
import { ReadingService } from './services/readings/readings';
import { AdjudicationService } from './services/readings/adjudication';

type WithoutAuthor<T> = Omit<T, 'author'> & { author?: string };

export interface Services extends ModelServices {
  db: Db;
  clock: Clock;
  datasets: DatasetService;
  labels: LabelService;
  exports: ExportService;
  items: ItemService;
  /** Items a page at a time with filters (lists of any length), item details and history. */
  itemPages: ItemPageService;
  /** Pixels of items: images, HU slices, thumbnails, masks; only inside dataset folders. */
  images: ItemImageService;
  /** Who is editing which item (claims lapse without activity). */
  claims: ClaimService;
  /** The person's name (author of every revision) and other workstation settings. */
  settings: SettingsService;
  /** Each person's preferences: the workspaces' defaults (settings page). */
  preferences: UserPreferenceService;
  /** Browsing the host's folders (import dialog in a browser). */
  folders: FolderService;
  /** Every long piece of work (imports, pre-annotation, training …): run, followed, stored, cancelled. */
  jobs: JobService;
  /** The steel workspace: a strip's layers, saves, history, reverts, the next strip to review. */
  steelLabels: SteelLabelService;
  /** The CT workspace: the series tree, one series with its slices, batch label saves and series reviews. */
  ctSeries: CtSeriesService;
  /** A slice's DICOM header as text (the tag browser). */
  dicomTags: DicomTagService;
  /** Each person's last CT view mode and window. */
  ctPreferences: CtPreferenceService;
  /** Review queues, worst first (disagreement, uncertainty, ensemble, random, order): the list's "Sort by". */
  queue: ReviewQueueService;
  /** The QA dashboard: the Kaggle metric on the reviewed items per model, beside its baselines; review throughput. */
  qa: QaService;
  /** Team mode's accounts (name, password hash, role). */
  users: UserService;
  /** Team mode's sign-in sessions. */
  sessions: SessionService;
  /** Who did what when: revisions, reviews, model activations, jobs. */
  audit: AuditService;
  /** Double reading: readers' blind readings of assigned items, honeypots among them. */
  readings: ReadingService;
  /** Agreement between readers, honeypot accuracy, the adjudication queue and the reviewer's decision. */
  adjudication: AdjudicationService;
  importSeverstal(options: WithoutAuthor<SeverstalImportOptions>): ReturnType<typeof importSeverstal>;
  importRsna(options: WithoutAuthor<RsnaImportOptions>): ReturnType<typeof importRsna>;
  /** Adds a batch of files to an existing dataset (loupe add, "Add images…", a watched folder). */
  addItems(options: WithoutAuthor<AddOptions>): Promise<AddResult>;
  /** Watched folders: new files added as they complete, and pre-annotated with the active model. */
  watches: WatchService;
  close(): void;
}

/** The operating-system user: the default author of revisions until the user names themself. */
export function defaultAuthor(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** `models` reaches the model side (Electron passes its bundled model worker and the starter models' folder). */
/** How a workstation shares its store with others: whom it runs for, and how long a claim lasts without activity. */
export interface TeamOptions {
  /** The person every save and review of this workstation is signed by (else the settings' name). */
  user?: string;
  /** Minutes without activity after which an item's claim lapses (default 10). */
  claimMinutes?: number;
}

export function createServices(dbFile: string, clock: Clock = systemClock, models: ModelServicesOptions = {}, team: TeamOptions = {}): Services {
  const db = openDatabase(dbFile);
  const datasets = new DatasetService(db);
  const labels = new LabelService(db, clock, datasets);
  const settings = new SettingsService(db, clock, defaultAuthor(), () => actingUser()?.name, team.user);
  const preferences = new UserPreferenceService(db, clock);
  const maps = new PredictionMapStore(db, clock);
  const images = new ItemImageService(datasets, labels, maps);
  const jobs = new JobService(db, clock, () => settings.author());
  const modelServices = createModelServices(db, dbFile, clock, datasets, labels, () => settings.author(), jobs, models);
  // The importers (CSV parsing, image and DICOM decoding) load on the first import, not with every command.
  const addItems = async (options: WithoutAuthor<AddOptions>) =>
    (await import('./services/imports/add-items')).addItems(db, clock, { ...options, author: options.author ?? settings.author() });
  const sources = new QueueSources(db, modelServices.models);
  const queue = new ReviewQueueService(db, datasets, labels, maps, sources);
  const users = new UserService(db, clock);
  const readings = new ReadingService(db, clock, datasets, () => users.list().filter((u) => !u.disabled).map((u) => u.name));
  return {
    ...modelServices,
    db,
    clock,
    datasets,
    labels,
    exports: new ExportService(db, datasets, labels),
    items: new ItemService(datasets, labels),
    itemPages: new ItemPageService(db, datasets, labels, queue),
    images,
    settings,
    preferences,
    folders: new FolderService(),
    jobs,
    steelLabels: new SteelLabelService(db, datasets, labels),
    claims: new ClaimService(db, clock, team.claimMinutes),
    ctSeries: new CtSeriesService(db, datasets, labels, clock),
    dicomTags: new DicomTagService(datasets, images),
    ctPreferences: new CtPreferenceService(db, clock, (user) => preferences.get(user).ctWindow),
    queue,
    qa: new QaService(db, datasets, labels, modelServices.models, sources),
    users,
    readings,
    adjudication: new AdjudicationService(db, clock, datasets, labels, readings),
    sessions: new SessionService(db, clock),
    audit: new AuditService(db),
    // The author is the person named in the settings (the OS user until they name themself). The importers
    // (CSV parsing, image and DICOM decoding) load on the first import, not with every command.
    importSeverstal: async (options) =>
      (await import('./services/imports/import-severstal')).importSeverstal(db, clock, { ...options, author: options.author ?? settings.author() }),
    importRsna: async (options) =>
      (await import('./services/imports/import-rsna')).importRsna(db, clock, { ...options, author: options.author ?? settings.author() }),
    addItems,
    watches: new WatchService(db, datasets, modelServices.models, modelServices.predictions, jobs, () => settings.author(), addItems),
    close: () => {
      void modelServices.modelJobs.close(); // ends the model worker, if one started
      db.close();
    },
  };
}
