// The requests of the learning loop's review side (queues worst first, QA); names.ts lists them with every
// other request.
export const LOOP_REQUEST_NAMES = ['queue.next', 'qa.summary'] as const;
