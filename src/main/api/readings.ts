// The handlers of double reading (readings-contract.ts): the reader is the person this workstation saves as
// (in team mode, the signed-in person), the adjudicated label is signed by the reviewer who decides it.
import type { ApiContext, ApiHandlers } from './context';
import type { READING_REQUEST_NAMES } from '../../shared/api/readings-names';
import type { Services } from '../composition';
import { actingUser } from '../services/team/acting-user';
import { LoupeError } from '../../shared/errors';

type ReadingRequestName = (typeof READING_REQUEST_NAMES)[number];

export function createReadingHandlers({ services, events }: Pick<ApiContext, 'services' | 'events'>): Pick<ApiHandlers, ReadingRequestName> {
  const { readings, adjudication, settings } = services;
  return {
    'readings.assign': ({ datasetId, readers, itemIds, count, honeypots }) =>
      readings.assign({ datasetId, readers, itemIds, count, honeypots, assignedBy: settings.author() }),
    'readings.mine': () => readings.queueOf(settings.author()),
    'readings.open': ({ itemId }) => readings.open(settings.author(), itemId),
    'readings.save': ({ itemId, classes }) => readings.save(settings.author(), itemId, classes),
    'readings.agreement': ({ datasetId, diceThreshold }) => adjudication.agreement(datasetId, diceThreshold),
    'readings.adjudicationQueue': ({ datasetId, diceThreshold }) => adjudication.queue(datasetId, diceThreshold),
    'readings.adjudicate': ({ itemId, classes }) => {
      const { revisionIds, datasetId } = adjudication.adjudicate(itemId, classes, settings.author());
      events.publish('datasets.changed', { datasetIds: [datasetId] });
      return { revisionIds };
    },
  };
}

/**
 * Blind reading: an annotator who reads an item does not see its label (nor its history) in the workspace until a
 * reviewer has decided it; they read it in "My readings". Reviewers and admins, and the desktop, see everything.
 */
export function hideFromReader(services: Pick<Services, 'readings' | 'datasets'>, itemId: number): void {
  const user = actingUser();
  if (user?.role !== 'annotator' || !services.readings.isReading(user.name, itemId)) return;
  const key = services.datasets.item(itemId).key;
  throw new LoupeError('forbidden', `${key} is in your readings: its label stays hidden until a reviewer decides it (read it in My readings)`);
}

/** Of these items, those whose label the signed-in annotator may not see now (empty for anyone else). */
export function hiddenFromReader(services: Pick<Services, 'readings'>, itemIds: readonly number[]): Set<number> {
  const user = actingUser();
  return user?.role === 'annotator' ? services.readings.hiddenOf(user.name, itemIds) : new Set();
}
