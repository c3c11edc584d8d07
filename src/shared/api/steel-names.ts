// The requests of the steel workspace; names.ts lists them with every other request.
export const STEEL_REQUEST_NAMES = [
  'steel.labels',
  'steel.save',
  'steel.history',
  'steel.revert',
  'steel.nextUnreviewed',
  'steel.saveExport',
] as const;
