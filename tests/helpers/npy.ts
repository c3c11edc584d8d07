// Reads NumPy .npy arrays (format 1.x/2.x/3.x, little-endian uint8/uint16/int16/float32/float64, C order): the
// reference outputs that PyTorch wrote beside the ONNX fixtures.
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

export interface NpyArray {
  shape: number[];
  data: Uint8Array | Uint16Array | Int16Array | Float32Array | Float64Array;
}

const TYPES = { '<u1': Uint8Array, '|u1': Uint8Array, '<u2': Uint16Array, '<i2': Int16Array, '<f4': Float32Array, '<f8': Float64Array } as const;

export function parseNpy(bytes: Uint8Array, where = 'npy'): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (!magic.every((b, i) => bytes[i] === b)) throw new Error(`${where}: not an .npy file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const Type = TYPES[descr as keyof typeof TYPES];
  if (!Type || fortran) throw new Error(`${where}: unsupported array (${descr}, fortran order ${fortran})`);
  const offset = start + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  // A copy (Buffer.slice would be a view), so the typed array starts aligned.
  const copy = Uint8Array.from(bytes.subarray(offset, offset + count * Type.BYTES_PER_ELEMENT));
  return { shape, data: new Type(copy.buffer, 0, count) };
}

/** An .npy file, or a gzip of one (.npy.gz). */
export function readNpy(file: string): NpyArray {
  const raw = readFileSync(file);
  return parseNpy(file.endsWith('.gz') ? gunzipSync(raw) : raw, file);
}
