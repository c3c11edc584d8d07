// Files Loupe cannot read fail with an Error that names the file and says why.
// This file never calls initDicomCodecs(), so it also checks the error for compressed data before init.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeDicomFrame, dicomCodecsReady, readDicomMeta, writeDicom, type WriteDicomOptions } from './index';

const options = (extra: Partial<WriteDicomOptions> = {}): WriteDicomOptions => ({
  sopInstanceUid: '1.2.3.4.5',
  patientId: 'ID_p',
  studyInstanceUid: '1.2.3.4.6',
  seriesInstanceUid: '1.2.3.4.7',
  rows: 16,
  columns: 16,
  pixels: new Int16Array(256).fill(100),
  ...extra,
});

describe('unsupported transfer syntaxes', () => {
  it('names the file, the syntax and its UID', () => {
    const bytes = writeDicom(options({ encapsulated: { transferSyntaxUid: '1.2.840.10008.1.2.4.100', frames: [new Uint8Array([0, 0, 1, 0xb3])] } }));
    // The header still reads: the importer can list such a file and say what it is.
    expect(readDicomMeta(bytes, 'video.dcm').transferSyntaxName).toBe('MPEG2 Main Profile / Main Level');
    expect(() => decodeDicomFrame(bytes, 0, 'video.dcm')).toThrow(
      'video.dcm: transfer syntax MPEG2 Main Profile / Main Level (1.2.840.10008.1.2.4.100) is not supported',
    );
  });

  it('calls an unknown UID an unknown transfer syntax', () => {
    const bytes = writeDicom(options({ encapsulated: { transferSyntaxUid: '1.2.3.999', frames: [new Uint8Array(4)] } }));
    expect(() => decodeDicomFrame(bytes, 0, 'odd.dcm')).toThrow('odd.dcm: transfer syntax unknown transfer syntax (1.2.3.999) is not supported');
  });
});

describe('damaged and foreign files', () => {
  const whole = writeDicom(options());

  it('a file cut inside its pixels names the file and the missing bytes', () => {
    const cut = whole.subarray(0, whole.length - 100);
    expect(() => decodeDicomFrame(cut, 0, 'ID_cut.dcm')).toThrow(/^ID_cut\.dcm: (Pixel Data is truncated|cannot parse DICOM)/);
  });

  it('a file cut inside its header names the file', () => {
    const cut = whole.subarray(0, 200);
    expect(() => decodeDicomFrame(cut, 0, 'ID_head.dcm')).toThrow(/^ID_head\.dcm: /);
    expect(() => readDicomMeta(cut, 'ID_head.dcm')).toThrow(/^ID_head\.dcm: /);
  });

  it('a header prefix that stops before Pixel Data is refused rather than half-read', () => {
    const pixelsAt = whole.length - 512 - 12; // 256 int16 values after a 12-byte OW element header
    expect(() => readDicomMeta(whole.subarray(0, pixelsAt - 2), 'ID_prefix.dcm')).toThrow(/^ID_prefix\.dcm: /);
    expect(readDicomMeta(whole.subarray(0, pixelsAt + 12), 'ID_prefix.dcm').rows).toBe(16);
  });

  it('a file that is not DICOM names the file', async () => {
    const png = new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer());
    expect(() => readDicomMeta(png, 'strip.jpg')).toThrow(/^strip\.jpg: not a DICOM file/);
    expect(() => decodeDicomFrame(new Uint8Array(10), 0, 'empty.dcm')).toThrow(/^empty\.dcm: not a DICOM file/);
  });

  it('a colour DICOM is refused with the reason', () => {
    const bytes = writeDicom(options());
    // Patch SamplesPerPixel (0028,0002) from 1 to 3 in place.
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x28, 0x00, 0x02, 0x00, 0x55, 0x53, 0x02, 0x00, 0x01, 0x00]));
    bytes[at + 8] = 3;
    expect(() => decodeDicomFrame(bytes, 0, 'rgb.dcm')).toThrow(/^rgb\.dcm: 3 samples per pixel .*grayscale DICOM only/);
  });
});

describe('compressed pixels before initDicomCodecs()', () => {
  it('say how to fix it', () => {
    expect(dicomCodecsReady()).toBe(false);
    const jpegLs = new Uint8Array([0xff, 0xd8, 0xff, 0xf7, 0x00, 0x0b, 0x10, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);
    const bytes = writeDicom(options({ encapsulated: { transferSyntaxUid: '1.2.840.10008.1.2.4.80', frames: [jpegLs] } }));
    expect(() => decodeDicomFrame(bytes, 0, 'ls.dcm')).toThrow(/^ls\.dcm: cannot decode frame 0 \(JPEG-LS Lossless Image Compression, 1\.2\.840\.10008\.1\.2\.4\.80\): .*await initDicomCodecs\(\)/);
  });
});
