// The requests of the CT workspace; names.ts lists them with every other request.
export const CT_REQUEST_NAMES = [
  'ct.seriesTree',
  'ct.series',
  'ct.saveLabels',
  'ct.reviewSeries',
  'ct.dicomTags',
  'ct.viewPreferences',
  'ct.setViewPreferences',
  'ct.saveExport',
] as const;
