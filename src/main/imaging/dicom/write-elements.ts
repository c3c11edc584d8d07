// Encodes DICOM data elements into bytes (explicit or implicit VR, little or big endian). Used by writeDicom.

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);
const UNDEFINED_LENGTH = 0xffffffff;

export interface ElementEncoding {
  explicitVr: boolean;
  littleEndian: boolean;
}

/** Collects encoded elements in the order they are added (callers add them in ascending tag order). */
export class ElementWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly encoding: ElementEncoding) {}

  get byteLength(): number {
    return this.size;
  }

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  private header(group: number, element: number, vr: string, length: number): void {
    const { explicitVr, littleEndian } = this.encoding;
    const long = !explicitVr || LONG_LENGTH_VRS.has(vr);
    const bytes = new Uint8Array(explicitVr ? (long ? 12 : 8) : 8);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, group, littleEndian);
    view.setUint16(2, element, littleEndian);
    if (!explicitVr) {
      view.setUint32(4, length, littleEndian);
    } else {
      bytes[4] = vr.charCodeAt(0);
      bytes[5] = vr.charCodeAt(1);
      if (long) view.setUint32(8, length, littleEndian);
      else view.setUint16(6, length, littleEndian);
    }
    this.push(bytes);
  }

  /** A string element, padded to even length (UI with NUL, the others with a space). */
  string(group: number, element: number, vr: string, value: string): void {
    const padded = value.length % 2 === 1 ? value + (vr === 'UI' ? '\0' : ' ') : value;
    const bytes = new TextEncoder().encode(padded);
    this.header(group, element, vr, bytes.length);
    this.push(bytes);
  }

  /** A DS element from numbers, written with up to 16 characters per value as the standard allows. */
  decimals(group: number, element: number, values: readonly number[]): void {
    this.string(group, element, 'DS', values.map(formatDecimalString).join('\\'));
  }

  uint16(group: number, element: number, value: number): void {
    const bytes = new Uint8Array(2);
    new DataView(bytes.buffer).setUint16(0, value, this.encoding.littleEndian);
    this.header(group, element, 'US', 2);
    this.push(bytes);
  }

  uint32(group: number, element: number, value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, this.encoding.littleEndian);
    this.header(group, element, 'UL', 4);
    this.push(bytes);
  }

  /** Raw bytes under a given VR (OB, or OW already in the writer's byte order). */
  bytes(group: number, element: number, vr: string, value: Uint8Array): void {
    const padded = value.length % 2 === 1 ? concat([value, new Uint8Array(1)]) : value;
    this.header(group, element, vr, padded.length);
    this.push(padded);
  }

  /** 16-bit words, written in the writer's byte order. */
  words(group: number, element: number, values: Int16Array | Uint16Array): void {
    const bytes = new Uint8Array(values.length * 2);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setUint16(i * 2, values[i] & 0xffff, this.encoding.littleEndian);
    this.header(group, element, 'OW', bytes.length);
    this.push(bytes);
  }

  /** Encapsulated Pixel Data: an empty Basic Offset Table, one fragment per frame, a sequence delimiter. */
  encapsulatedPixelData(frames: readonly Uint8Array[]): void {
    this.header(0x7fe0, 0x0010, 'OB', UNDEFINED_LENGTH);
    this.item(new Uint8Array(0));
    for (const frame of frames) this.item(frame.length % 2 === 1 ? concat([frame, new Uint8Array(1)]) : frame);
    this.delimiter(0xe0dd);
  }

  private item(value: Uint8Array): void {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xfffe, this.encoding.littleEndian);
    view.setUint16(2, 0xe000, this.encoding.littleEndian);
    view.setUint32(4, value.length, this.encoding.littleEndian);
    this.push(bytes);
    this.push(value);
  }

  private delimiter(element: number): void {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xfffe, this.encoding.littleEndian);
    view.setUint16(2, element, this.encoding.littleEndian);
    this.push(bytes);
  }

  toBytes(): Uint8Array {
    return concat(this.chunks);
  }
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A number as a DICOM decimal string (at most 16 characters). */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a DICOM decimal string`);
  const plain = String(value);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits > 0; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  return value.toExponential(6);
}
