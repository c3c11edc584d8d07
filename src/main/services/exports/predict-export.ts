// RSNA export of a model's predictions: six rows per predicted slice with the probability as Label, so that
// `loupe score rsna` measures a model version against the truth.
import Papa from 'papaparse';
import { CT_LABELS } from '../../../shared/domain';
import { parseCtPrediction } from '../../../shared/ml/ct-prediction';

/**
 * The `ID,Label` rows (no header) of the slices that have a prediction payload (class 0) in `labels`, and how
 * many slices that is; the export writer calls it once per page of slices.
 */
export function rsnaPredictionRows(items: readonly { id: number; key: string }[], labels: Map<number, Map<number, string>>): { text: string; items: number } {
  const parts: string[] = [];
  let count = 0;
  for (const item of items) {
    const probabilities = parseCtPrediction(labels.get(item.id)?.get(0) ?? '');
    if (!probabilities) continue;
    const quote = /[",\r\n]|^\s|\s$/.test(item.key);
    let text = '';
    CT_LABELS.forEach((label, j) => {
      const id = `${item.key}_${label}`;
      text += `${quote ? Papa.unparse([[id]], { quotes: true }) : id},${probabilities[j]}\n`;
    });
    parts.push(text);
    count++;
  }
  return { text: parts.join(''), items: count };
}
