// sharp (libvips) loaded on first use: the composition root and the CLI's quick commands (help, info, items)
// never pay for loading it.
import type sharpModule from 'sharp';

export type Sharp = typeof sharpModule;

let loading: Promise<Sharp> | null = null;

export function loadSharp(): Promise<Sharp> {
  return (loading ??= import('sharp').then((m) => m.default));
}
