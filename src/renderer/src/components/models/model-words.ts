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
