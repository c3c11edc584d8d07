// Who may make which request in team mode. Roles form a ladder: an annotator labels and marks their own
// work in progress; a reviewer also approves, flags and adjudicates; an admin also runs the workstation
// (datasets, imports, models, jobs, exports to the host's disk, the audit). Main checks every request
// against this table before it reaches a handler; the renderer reads it only to hide what would be refused.
import type { RequestName } from './api/names';
import type { BinaryRoute } from './api/binary';

export const ROLES = ['annotator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** True when `role` is `needed` or above it on the ladder. */
export function atLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * The lowest role that may make each request. Being a `Record` over every request name, a request added
 * to the contract without a line here does not compile (and roles.test.ts checks the lists at run time).
 */
export const REQUEST_ROLES: Readonly<Record<RequestName, Role>> = {
  // Reading the workstation, and each person's own preferences.
  'app.info': 'annotator',
  'settings.get': 'annotator',
  'settings.preferences': 'annotator',
  'settings.setPreferences': 'annotator',
  'session.current': 'annotator',
  'datasets.list': 'annotator',
  'datasets.get': 'annotator',
  'items.page': 'annotator',
  'items.locate': 'annotator',
  'items.get': 'annotator',
  'labels.history': 'annotator',
  'jobs.list': 'annotator',
  'jobs.get': 'annotator',
  'ct.seriesTree': 'annotator',
  'ct.series': 'annotator',
  'ct.dicomTags': 'annotator',
  'ct.viewPreferences': 'annotator',
  'ct.setViewPreferences': 'annotator',
  'steel.labels': 'annotator',
  'steel.history': 'annotator',
  'steel.nextUnreviewed': 'annotator',
  'queue.next': 'annotator',
  'models.backend': 'annotator',
  'models.list': 'annotator',
  'claims.open': 'annotator',
  'claims.release': 'annotator',
  'claims.of': 'annotator',
  'models.predictionOf': 'annotator',
  'models.predictedBy': 'annotator',
  // Labelling (a review state is refined by the arguments: see REVIEWER_STATES).
  'labels.save': 'annotator',
  'steel.save': 'annotator',
  'steel.revert': 'annotator',
  'ct.saveLabels': 'annotator',
  'reviews.set': 'annotator',
  'ct.reviewSeries': 'annotator',
  // Double reading: each reader their own readings (blind to the others').
  'readings.mine': 'annotator',
  'readings.open': 'annotator',
  'readings.save': 'annotator',
  // Quality: the reviewers' dashboard.
  'qa.summary': 'reviewer',
  // Double reading: assigning, the agreement, the adjudication queue and the decision.
  'readings.assign': 'reviewer',
  'readings.agreement': 'reviewer',
  'readings.adjudicationQueue': 'reviewer',
  'readings.adjudicate': 'reviewer',
  // Running the workstation.
  'settings.setUserName': 'admin',
  'imports.start': 'admin',
  'jobs.cancel': 'admin',
  'folders.list': 'admin',
  'folders.pick': 'admin',
  'datasets.add': 'admin',
  'datasets.watch': 'admin',
  'datasets.unwatch': 'admin',
  'datasets.rename': 'admin',
  'datasets.delete': 'admin',
  'ct.saveExport': 'admin',
  'steel.saveExport': 'admin',
  'models.activate': 'admin',
  'models.rollback': 'admin',
  'models.predict': 'admin',
  'models.train': 'admin',
  'models.average': 'admin',
  'models.compare': 'admin',
  'models.tune': 'admin',
  'models.applyTuning': 'admin',
  'models.revertCard': 'admin',
  'models.inspectOnnx': 'admin',
  'models.importOnnx': 'admin',
  'audit.list': 'admin',
};

/** Review states only a reviewer sets: an annotator marks work in progress or resets it, never passes judgement. */
export const REVIEWER_STATES: readonly string[] = ['approved', 'flagged'];
const REVIEW_REQUESTS: readonly RequestName[] = ['reviews.set', 'ct.reviewSeries'];

/** The lowest role that may make this request with these (raw, not yet validated) arguments. */
export function requiredRole(name: RequestName, args: unknown): Role {
  const base = REQUEST_ROLES[name];
  if (REVIEW_REQUESTS.includes(name) && typeof args === 'object' && args !== null) {
    const state = (args as { state?: unknown }).state;
    if (typeof state === 'string' && REVIEWER_STATES.includes(state) && !atLeast(base, 'reviewer')) return 'reviewer';
  }
  return base;
}

export function mayRequest(role: Role, name: RequestName, args?: unknown): boolean {
  return atLeast(role, requiredRole(name, args));
}

/** The lowest role that may read a binary route: pixels and masks for everyone, a whole dataset's labels for reviewers. */
export function binaryRole(route: BinaryRoute): Role {
  return route.kind === 'labels-csv' ? 'reviewer' : 'annotator';
}

/** "an annotator" / "a reviewer" / "an admin", for refusals. */
export function withArticle(role: Role): string {
  return `${role === 'reviewer' ? 'a' : 'an'} ${role}`;
}
