// The compressed-pixel codecs: maintained WASM/JS libraries, loaded from node_modules with no network.
//   JPEG 2000            @cornerstonejs/codec-openjpeg (OpenJPEG)
//   JPEG-LS              @cornerstonejs/codec-charls (CharLS)
//   JPEG DCT,  8-bit     @cornerstonejs/codec-libjpeg-turbo-8bit (libjpeg-turbo)
//   JPEG DCT, 12-bit     dcmjs-codecs (WASM libjpeg with 12-bit support; matches DCMTK dcmdjpeg exactly on the
//                        .51 sample; libjpeg-turbo-8bit cannot do 12-bit, cornerstone's JS 12-bit decoder is off by ~15)
//   JPEG lossless        jpeg-lossless-decoder-js (pure JS, needs no init)
// The WASM modules instantiate asynchronously: `initDicomCodecs()` must be awaited once before decoding.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { transferSyntaxOf } from './transfer-syntax';

const require = createRequire(import.meta.url);

/** What a codec produced for one frame: little-endian sample bytes and what the codestream says about them. */
export interface CodecOutput {
  bytes: Uint8Array;
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
  /** The codestream's own signedness; only JPEG 2000 records one (JPEG and JPEG-LS samples are unsigned). */
  signed: boolean | null;
}

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The embind decoder classes of the cornerstone codec builds share this shape. */
interface EmbindDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): FrameInfo;
  delete(): void;
}

type EmbindFactory = (options: { wasmBinary: ArrayBuffer; print: (text: string) => void }) => Promise<Record<string, new () => EmbindDecoder>>;

interface Codecs {
  openjpeg: Record<string, new () => EmbindDecoder>;
  charls: Record<string, new () => EmbindDecoder>;
  libjpegTurbo: Record<string, new () => EmbindDecoder>;
  dcmjsCodecs: typeof import('dcmjs-codecs');
}

let loaded: Codecs | null = null;
let loading: Promise<void> | null = null;

function wasmBytes(specifier: string): ArrayBuffer {
  const file = readFileSync(require.resolve(specifier));
  return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
}

async function loadEmbind(factorySpecifier: string, wasmSpecifier: string): Promise<Record<string, new () => EmbindDecoder>> {
  const factory = require(factorySpecifier) as EmbindFactory;
  // `print` swallows OpenJPEG's [INFO] chatter on stdout; real failures still throw from decode().
  return factory({ wasmBinary: wasmBytes(wasmSpecifier), print: () => undefined });
}

async function loadAll(): Promise<Codecs> {
  const dcmjsCodecs = require('dcmjs-codecs') as typeof import('dcmjs-codecs');
  const [openjpeg, charls, libjpegTurbo] = await Promise.all([
    loadEmbind('@cornerstonejs/codec-openjpeg/decodewasmjs', '@cornerstonejs/codec-openjpeg/decodewasm'),
    loadEmbind('@cornerstonejs/codec-charls/decodewasmjs', '@cornerstonejs/codec-charls/decodewasm'),
    loadEmbind('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm'),
    dcmjsCodecs.NativeCodecs.isInitialized()
      ? Promise.resolve()
      : dcmjsCodecs.NativeCodecs.initializeAsync({
          webAssemblyModulePathOrUrl: require.resolve('dcmjs-codecs/build/dcmjs-native-codecs.wasm'),
        }),
  ]);
  return { openjpeg, charls, libjpegTurbo, dcmjsCodecs };
}

/** Loads every WASM codec once; later calls return the same promise. Decoding compressed pixels needs it. */
export function initDicomCodecs(): Promise<void> {
  loading ??= loadAll().then(
    (codecs) => {
      loaded = codecs;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function dicomCodecsReady(): boolean {
  return loaded !== null;
}

/** Whether decoding this transfer syntax needs `initDicomCodecs()` (JPEG DCT, JPEG-LS and JPEG 2000 do). */
export function needsDicomCodecs(transferSyntaxUid: string): boolean {
  const { encoding } = transferSyntaxOf(transferSyntaxUid);
  return encoding === 'jpeg-dct' || encoding === 'jpeg-ls' || encoding === 'jpeg-2000';
}

function codecs(what: string): Codecs {
  if (!loaded) throw new Error(`the ${what} codec is not loaded: await initDicomCodecs() once before decoding`);
  return loaded;
}

function runEmbind(DecoderClass: new () => EmbindDecoder, encoded: Uint8Array): CodecOutput {
  const decoder = new DecoderClass();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    return {
      bytes: decoder.getDecodedBuffer().slice(), // copy out of WASM memory before the decoder is freed
      width: info.width,
      height: info.height,
      components: info.componentCount,
      bitsPerSample: info.bitsPerSample,
      signed: typeof info.isSigned === 'boolean' ? info.isSigned : null,
    };
  } finally {
    decoder.delete();
  }
}

export function decodeJpeg2000(encoded: Uint8Array): CodecOutput {
  return runEmbind(codecs('JPEG 2000').openjpeg.J2KDecoder, encoded);
}

export function decodeJpegLs(encoded: Uint8Array): CodecOutput {
  return { ...runEmbind(codecs('JPEG-LS').charls.JpegLSDecoder, encoded), signed: null };
}

/** The sample precision (P) of the first SOF marker of a JPEG codestream, or null if there is none. */
export function jpegSamplePrecision(encoded: Uint8Array): number | null {
  let offset = 2; // after SOI
  while (offset + 4 < encoded.length) {
    if (encoded[offset] !== 0xff) return null;
    const marker = encoded[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return encoded[offset + 4];
    offset += 2 + ((encoded[offset + 2] << 8) | encoded[offset + 3]);
  }
  return null;
}

/** JPEG baseline / extended (DCT), 8- or 12-bit, picked from the codestream's own precision. */
export function decodeJpegDct(encoded: Uint8Array, width: number, height: number): CodecOutput {
  const precision = jpegSamplePrecision(encoded);
  if (precision === 8) {
    return { ...runEmbind(codecs('JPEG 8-bit').libjpegTurbo.JPEGDecoder, encoded), signed: null };
  }
  if (precision !== 12) throw new Error(`JPEG DCT sample precision ${precision ?? 'missing'} is not 8 or 12`);
  const { Context, NativeCodecs } = codecs('JPEG 12-bit').dcmjsCodecs;
  const context = new Context({
    width,
    height,
    bitsAllocated: 16,
    bitsStored: 12,
    samplesPerPixel: 1,
    pixelRepresentation: 0,
    planarConfiguration: 0,
    photometricInterpretation: 'MONOCHROME2',
    encodedBuffer: encoded,
  });
  const decoded = NativeCodecs.decodeJpeg(context).getDecodedBuffer();
  if (!decoded) throw new Error('the 12-bit JPEG decoder returned no pixels');
  return { bytes: decoded, width, height, components: 1, bitsPerSample: 12, signed: null };
}

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): { buffer: ArrayBuffer; byteOffset: number; byteLength: number };
}
let JpegLosslessDecoder: (new () => LosslessDecoder) | null = null;

/** JPEG lossless (process 14), any predictor; `bytesPerSample` is 1 or 2. Pure JS, no init needed (loaded on first use). */
export function decodeJpegLossless(encoded: Uint8Array, width: number, height: number, bytesPerSample: number): CodecOutput {
  JpegLosslessDecoder ??= (require('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder }).Decoder;
  const decoder = new JpegLosslessDecoder();
  const out = decoder.decode(encoded.buffer as ArrayBuffer, encoded.byteOffset, encoded.length, bytesPerSample);
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const precision = jpegSamplePrecision(encoded) ?? bytesPerSample * 8;
  return { bytes, width, height, components: 1, bitsPerSample: precision, signed: null };
}
