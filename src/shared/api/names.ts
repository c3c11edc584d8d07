// The names of every request and event, without their schemas: the preload checks channels against
// these lists (and stays free of the schema library). contract.ts must define exactly these names.
import { CT_REQUEST_NAMES } from './ct-names';
import { STEEL_REQUEST_NAMES } from './steel-names';
import { MODEL_EVENT_NAMES, MODEL_REQUEST_NAMES } from './model-names';
import { DATASET_REQUEST_NAMES } from './dataset-names';
import { LOOP_REQUEST_NAMES } from './loop-names';
import { TEAM_REQUEST_NAMES } from './team-names';
import { CLAIM_REQUEST_NAMES } from './claims-names';
import { READING_REQUEST_NAMES } from './readings-names';

export const REQUEST_NAMES = [
  'app.info',
  'settings.get',
  'settings.setUserName',
  'settings.preferences',
  'settings.setPreferences',
  'datasets.list',
  'datasets.get',
  'items.page',
  'items.locate',
  'items.get',
  'labels.history',
  'labels.save',
  'reviews.set',
  'imports.start',
  'jobs.list',
  'jobs.get',
  'jobs.cancel',
  'folders.list',
  'folders.pick',
  ...CT_REQUEST_NAMES,
  ...STEEL_REQUEST_NAMES,
  ...MODEL_REQUEST_NAMES,
  ...DATASET_REQUEST_NAMES,
  ...LOOP_REQUEST_NAMES,
  ...TEAM_REQUEST_NAMES,
  ...CLAIM_REQUEST_NAMES,
  ...READING_REQUEST_NAMES,
] as const;
export type RequestName = (typeof REQUEST_NAMES)[number];

export const EVENT_NAMES = ['job.updated', 'datasets.changed', 'settings.changed', 'preferences.changed', 'shell.command', ...MODEL_EVENT_NAMES] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const isRequestName = (name: unknown): name is RequestName =>
  typeof name === 'string' && (REQUEST_NAMES as readonly string[]).includes(name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);

/** IPC channel of a request (Electron): `loupe:<name>`. */
export const requestChannel = (name: RequestName) => `loupe:${name}`;
/** IPC channel of an event (Electron): `loupe:event:<name>`. */
export const eventChannel = (name: EventName) => `loupe:event:${name}`;
