// The benchmark's figure: the learning-curve SVG rasterised to PNG with sharp (already a dependency), written
// through a temporary file and a rename so a failed run never leaves half a picture in docs/.
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { learningCurveSvg, type CurvePanel } from '../../src/shared/ml/loop/learning-curve-svg';

export async function writeCurvesPng(file: string, panels: readonly CurvePanel[]): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await sharp(Buffer.from(learningCurveSvg(panels)), { density: 144 }).png({ compressionLevel: 9 }).toFile(temp);
  renameSync(temp, file);
}
