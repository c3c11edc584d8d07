// RSNA export of a model's predictions: six rows per predicted slice with the probability as Label, so that
// `loupe score rsna` measures a model version against the truth.
import Papa from 'papaparse';
import { CT_LABELS } from '../../../shared/domain';
import { parseCtPrediction } from '../../../shared/ml/ct-prediction';

/** `ID,Label` CSV text of the slices that have a prediction payload (class 0) in `labels`. */
export function rsnaPredictionCsv(items: readonly { id: number; key: string }[], labels: Map<number, Map<number, string>>): { csv: string; items: number } {
  const parts = ['ID,Label\n'];
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
  return { csv: parts.join(''), items: count };
}
