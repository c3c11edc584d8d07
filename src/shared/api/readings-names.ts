// The requests of double reading (readers' blind readings, agreement, adjudication); names.ts lists them with every other request.
export const READING_REQUEST_NAMES = [
  'readings.assign',
  'readings.mine',
  'readings.open',
  'readings.save',
  'readings.agreement',
  'readings.adjudicationQueue',
  'readings.adjudicate',
] as const;
