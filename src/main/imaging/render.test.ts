// `loupe render` and the plain-image helpers: windowed DICOM PNGs, pass-through of PNG/JPEG, sniffing by bytes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDicom } from './dicom';
import { readGrayImage, readImageSize, sniffImageFormat } from './image';
import { renderFileToPng } from './render';

const dir = mkdtempSync(path.join(tmpdir(), 'loupe-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1×4 CT slice with HU -1000, 0, 40, 80 (stored + intercept -1024). */
function ctFile(name: string, modality = 'CT', window?: { center: number; width: number }): string {
  const file = path.join(dir, name);
  const bytes = writeDicom({
    sopInstanceUid: '1.2.3.4.5',
    patientId: 'ID_p',
    studyInstanceUid: '1.2.3.4.6',
    seriesInstanceUid: '1.2.3.4.7',
    rows: 1,
    columns: 4,
    rescaleIntercept: -1024,
    pixels: Int16Array.from([24, 1024, 1064, 1104]),
    modality,
    windowCenter: window?.center,
    windowWidth: window?.width,
  });
  writeFileSync(file, bytes);
  return file;
}

/** The PNG's own channel count, and its pixels as stored (sharp would otherwise expand gray to sRGB). */
async function pixelsOf(png: string): Promise<{ channels: number; data: number[] }> {
  const { channels } = await sharp(png).metadata();
  const image = channels === 1 ? sharp(png).toColourspace('b-w') : sharp(png);
  return { channels, data: Array.from(await image.raw().toBuffer()) };
}

describe('renderFileToPng on DICOM', () => {
  it('uses the brain window by default for CT', async () => {
    const out = path.join(dir, 'brain.png');
    expect(await renderFileToPng(ctFile('a.dcm'), {}, out)).toEqual({ width: 4, height: 1, window: 'brain' });
    expect(await pixelsOf(out)).toEqual({ channels: 1, data: [0, 0, 128, 255] });
  });

  it('renders <C>/<W> and presets', async () => {
    const out = path.join(dir, 'custom.png');
    expect((await renderFileToPng(ctFile('b.dcm'), { window: '-460/1080' }, out)).window).toBe('-460/1080');
    // -1000 is the bottom edge, 80 the top; 0 → 1000/1080 × 255 = 236.1 → 236; 40 → 245.6 → 246.
    expect((await pixelsOf(out)).data).toEqual([0, 236, 246, 255]);
    expect((await renderFileToPng(ctFile('c.dcm'), { window: 'bone' }, out)).window).toBe('bone');
  });

  it('renders the composite as RGB: brain, subdural, soft', async () => {
    const out = path.join(dir, 'composite.png');
    expect((await renderFileToPng(ctFile('d.dcm'), { window: 'composite' }, out)).window).toBe('composite');
    const { channels, data } = await pixelsOf(out);
    expect(channels).toBe(3);
    // HU 80: brain 255, subdural centre 128, soft (80 + 150) / 380 × 255 = 154.
    expect(data.slice(9, 12)).toEqual([255, 128, 154]);
    expect(data.slice(0, 3)).toEqual([0, 0, 0]);
  });

  it("uses a non-CT file's own first window when none is given", async () => {
    const out = path.join(dir, 'ot.png');
    expect((await renderFileToPng(ctFile('e.dcm', 'OT', { center: 40, width: 80 }), {}, out)).window).toBe('40/80');
    expect((await renderFileToPng(ctFile('f.dcm', 'OT'), {}, out)).window).toBe('-460/1080');
  });

  it('rejects a bad window spec and a missing frame with clear messages', async () => {
    const out = path.join(dir, 'bad.png');
    await expect(renderFileToPng(ctFile('g.dcm'), { window: 'lungs' }, out)).rejects.toThrow(/window "lungs" is not one of brain, subdural, soft, bone, composite/);
    await expect(renderFileToPng(ctFile('h.dcm'), { window: '40/-1' }, out)).rejects.toThrow(/width must be a number above 0/);
    await expect(renderFileToPng(ctFile('i.dcm'), { frame: 2 }, out)).rejects.toThrow(/i\.dcm: frame 2 does not exist/);
  });
});

describe('plain images', () => {
  const gray = Uint8Array.from({ length: 6 * 2 }, (_, i) => i * 20);

  it('sniffs PNG, JPEG and DICOM by bytes, never by name', async () => {
    const png = await sharp(gray, { raw: { width: 6, height: 2, channels: 1 } }).png().toBuffer();
    const jpeg = await sharp(gray, { raw: { width: 6, height: 2, channels: 1 } }).jpeg().toBuffer();
    expect(sniffImageFormat(png)).toBe('png');
    expect(sniffImageFormat(jpeg)).toBe('jpeg');
    expect(sniffImageFormat(writeDicom({ sopInstanceUid: '1.2', patientId: 'p', studyInstanceUid: '1.3', seriesInstanceUid: '1.4', rows: 1, columns: 1, pixels: new Int16Array(1) }))).toBe('dicom');
    expect(sniffImageFormat(new TextEncoder().encode('ImageId_ClassId,EncodedPixels'))).toBeNull();
    expect(sniffImageFormat(new Uint8Array(0))).toBeNull();
  });

  it('reads a PNG named .jpg (as the Severstal samples are) as gray, first channel', async () => {
    const file = path.join(dir, '0002cc93b.jpg');
    const rgb = Uint8Array.from({ length: 6 * 2 * 3 }, (_, i) => (i % 3 === 0 ? gray[i / 3] : 7));
    writeFileSync(file, await sharp(rgb, { raw: { width: 6, height: 2, channels: 3 } }).png().toBuffer());
    const image = await readGrayImage(file);
    expect([image.format, image.width, image.height]).toEqual(['png', 6, 2]);
    expect(Array.from(image.gray)).toEqual(Array.from(gray));
    expect(await readImageSize(file)).toEqual({ width: 6, height: 2, format: 'png' });
  });

  it('passes a plain image through render as PNG', async () => {
    const file = path.join(dir, 'strip.jpg');
    writeFileSync(file, await sharp(gray, { raw: { width: 6, height: 2, channels: 1 } }).toColourspace('b-w').png().toBuffer());
    const out = path.join(dir, 'strip.png');
    expect(await renderFileToPng(file, {}, out)).toEqual({ width: 6, height: 2, window: 'none' });
    expect(await pixelsOf(out)).toEqual({ channels: 1, data: Array.from(gray) });
    const jpeg = path.join(dir, 'strip-jpeg.jpg');
    writeFileSync(jpeg, await sharp(gray, { raw: { width: 6, height: 2, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 100 }).toBuffer());
    expect(await renderFileToPng(jpeg, {}, out)).toEqual({ width: 6, height: 2, window: 'none' });
    expect((await pixelsOf(out)).channels).toBe(1);
    expect(sniffImageFormat(readFileSync(out))).toBe('png');
  });

  it('names the file when it is neither PNG nor JPEG', async () => {
    const file = path.join(dir, 'notes.jpg');
    writeFileSync(file, 'not an image');
    await expect(readImageSize(file)).rejects.toThrow(`${file}: neither PNG nor JPEG data`);
    await expect(readGrayImage(file)).rejects.toThrow(`${file}: neither PNG nor JPEG data`);
    await expect(renderFileToPng(file, {}, path.join(dir, 'x.png'))).rejects.toThrow(`${file}: not a DICOM, PNG or JPEG file`);
    const dicom = ctFile('slice.jpg');
    await expect(readImageSize(dicom)).rejects.toThrow(`${dicom}: a DICOM file; expected a PNG or JPEG image`);
  });
});
