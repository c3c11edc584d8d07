// How the Models panel names backends, metrics and durations.
import type { MlBackendId } from '../../../../shared/api/model-types';

export const BACKEND_NAMES: Record<MlBackendId, string> = {
  'tensorflow-gpu': 'tfjs-node-gpu',
  tensorflow: 'tfjs-node',
  wasm: 'wasm',
  cpu: 'cpu',
};

export const formatMetric = (value: number | null | undefined): string => (value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(4));

export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `MM-DD HH:MM` (the year only when it is not this one). */
export function formatDate(iso: string): string {
  const text = iso.replace('T', ' ').slice(0, 16);
  return text.startsWith(String(new Date().getFullYear())) ? text.slice(5) : text;
}

/** A class or CT label as a row of a table reads: "Class 1", "subdural". */
export const classWords = (task: 'steel' | 'ct', key: string): string => (task === 'steel' ? `Class ${key}` : key);

/** "the empty baseline" → "Empty baseline". */
export const baselineWords = (metricName: string): string => (metricName === 'mean Dice' ? 'Empty baseline' : 'Base-rate baseline');

/** A signed difference with four decimals ("+0.0123"), and whether it is better (Dice up, log loss down). */
export function formatDelta(value: number | null, metricName: string): { text: string; better: boolean | null } {
  if (value === null || !Number.isFinite(value)) return { text: '—', better: null };
  const text = `${value < 0 && Math.abs(value) >= 0.00005 ? '−' : '+'}${Math.abs(value).toFixed(4)}`;
  if (Math.abs(value) < 1e-9) return { text, better: null };
  return { text, better: metricName === 'mean Dice' ? value > 0 : value < 0 };
}
