// Writes small Severstal-style folders: strip images (PNG bytes, optionally under a .jpg name) and CSVs.
import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STEEL_HEIGHT, STEEL_WIDTH } from '../../src/shared/domain';

export async function writeStrip(dir: string, name: string, options: { format?: 'png' | 'jpeg'; width?: number; height?: number; seed?: number } = {}) {
  mkdirSync(dir, { recursive: true });
  const width = options.width ?? STEEL_WIDTH;
  const height = options.height ?? STEEL_HEIGHT;
  const pixels = Buffer.alloc(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + (options.seed ?? 0) * 13) % 251;
  const image = sharp(pixels, { raw: { width, height, channels: 1 } });
  await (options.format === 'jpeg' ? image.jpeg() : image.png()).toFile(join(dir, name));
}

export function writeCsv(dir: string, name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
