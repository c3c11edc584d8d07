// Byte-level edits of DICOM files for tests: where each element's value lies, and copies with one header field,
// the Pixel Data length or a fragment changed. Deflated files are inflated, edited and deflated again.
import { deflateRawSync } from 'node:zlib';
import { parseDicomBytes, PIXEL_DATA } from '../../src/main/imaging/dicom/parse';
import { DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN } from '../../src/main/imaging/dicom/transfer-syntax';

export interface DicomLayout {
  transferSyntaxUid: string;
  deflated: boolean;
  /** The data set's byte order (the file meta group is always little endian). */
  littleEndian: boolean;
  /** First byte after the file meta group: where a deflated body starts. */
  bodyOffset: number;
  /** The whole data set, inflated when the file is deflated. */
  bytes: Uint8Array;
  elements: Record<string, { dataOffset: number; length: number; hadUndefinedLength?: boolean }>;
  pixelData: { dataOffset: number; length: number; encapsulated: boolean; fragments: { position: number; length: number }[] };
  /** First byte after the Pixel Data element (after the sequence delimiter when encapsulated). */
  pixelEnd: number;
}

export function dicomLayout(file: Uint8Array): DicomLayout {
  const ds = parseDicomBytes(file, 'test', false);
  const transferSyntaxUid = (ds.string('x00020010') ?? '').replace(/\0/g, '').trim();
  const bytes = ds.byteArray;
  let bodyOffset = 132;
  for (const [tag, e] of Object.entries(ds.elements)) if (tag.startsWith('x0002')) bodyOffset = Math.max(bodyOffset, e.dataOffset + e.length);
  const pd = ds.elements[PIXEL_DATA];
  const fragments = (pd.fragments ?? []).map((f) => ({ position: f.position, length: f.length }));
  const encapsulated = pd.hadUndefinedLength === true;
  return {
    transferSyntaxUid,
    deflated: transferSyntaxUid === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
    littleEndian: transferSyntaxUid !== EXPLICIT_VR_BIG_ENDIAN,
    bodyOffset,
    bytes,
    elements: ds.elements,
    pixelData: { dataOffset: pd.dataOffset, length: encapsulated ? pd.length : pd.length, encapsulated, fragments },
    pixelEnd: pd.dataOffset + pd.length,
  };
}

/** Applies `edit` to the data set's bytes (inflated if need be) and returns the file with them. */
export function editDataSet(file: Uint8Array, edit: (bytes: Uint8Array, layout: DicomLayout) => Uint8Array | void): Uint8Array {
  const layout = dicomLayout(file);
  const copy = new Uint8Array(layout.bytes);
  const edited = edit(copy, layout) ?? copy;
  if (!layout.deflated) return edited;
  const body = deflateRawSync(edited.subarray(layout.bodyOffset));
  const out = new Uint8Array(layout.bodyOffset + body.length);
  out.set(file.subarray(0, layout.bodyOffset));
  out.set(body, layout.bodyOffset);
  return out;
}

/** The data set's value of `tag` as an unsigned 16-bit number (US elements). */
export function uint16Of(file: Uint8Array, tag: string): number {
  const layout = dicomLayout(file);
  const e = layout.elements[tag];
  const littleEndian = tag.startsWith('x0002') || layout.littleEndian;
  return new DataView(layout.bytes.buffer, layout.bytes.byteOffset).getUint16(e.dataOffset, littleEndian);
}

/** A copy with the US element `tag` set to `value` (the element must exist). */
export function withUint16(file: Uint8Array, tag: string, value: number): Uint8Array {
  return editDataSet(file, (bytes, layout) => {
    const e = layout.elements[tag];
    if (!e || e.length < 2) throw new Error(`no US element ${tag} to change`);
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(e.dataOffset, value, layout.littleEndian);
  });
}

/** A copy with the string element `tag` set to `text`, padded with spaces (NUL for UIDs) to its length. */
export function withString(file: Uint8Array, tag: string, text: string, pad = ' '): Uint8Array {
  const edit = (bytes: Uint8Array, e: { dataOffset: number; length: number }) => {
    if (text.length > e.length) throw new Error(`"${text}" is longer than the ${e.length} bytes of ${tag}`);
    bytes.set(new TextEncoder().encode(text.padEnd(e.length, pad)), e.dataOffset);
  };
  if (tag.startsWith('x0002')) {
    // The file meta group is never deflated: edit it in place.
    const copy = new Uint8Array(file);
    edit(copy, dicomLayout(file).elements[tag]);
    return copy;
  }
  return editDataSet(file, (bytes, layout) => edit(bytes, layout.elements[tag]));
}

/** A transfer syntax UID of the same length that no standard defines. */
export function unknownTransferSyntax(uid: string): string {
  return uid.slice(0, -1) + (uid.endsWith('9') ? '7' : '9');
}

/** A copy whose Pixel Data element header declares `length` bytes (native files). */
export function withPixelDataLength(file: Uint8Array, length: number): Uint8Array {
  return editDataSet(file, (bytes, layout) => {
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(layout.pixelData.dataOffset - 4, length >>> 0, layout.littleEndian);
  });
}

/** A copy whose fragment `index` item header declares `length` bytes (encapsulated files, always little endian). */
export function withFragmentLength(file: Uint8Array, index: number, length: number): Uint8Array {
  const layout = dicomLayout(file);
  const copy = new Uint8Array(file);
  new DataView(copy.buffer).setUint32(layout.pixelData.fragments[index].position - 4, length, true);
  return copy;
}

/**
 * A copy whose fragment `index` keeps only its first `keep` bytes (an even number), with its item length
 * made to match: the framing stays sound, the codestream inside is cut short.
 */
export function withFragmentCut(file: Uint8Array, index: number, keep: number): Uint8Array {
  const layout = dicomLayout(file);
  const f = layout.pixelData.fragments[index];
  const kept = keep - (keep % 2);
  const out = new Uint8Array(file.length - (f.length - kept));
  out.set(file.subarray(0, f.position + kept));
  out.set(file.subarray(f.position + f.length), f.position + kept);
  new DataView(out.buffer).setUint32(f.position - 4, kept, true);
  return out;
}

/** A copy with `bytes` written at `offset`. */
export function withBytes(file: Uint8Array, offset: number, bytes: ArrayLike<number>): Uint8Array {
  const copy = new Uint8Array(file);
  copy.set(bytes, offset);
  return copy;
}

/** One DICOM RLE frame (PS3.5 G) of 16-bit samples: two PackBits segments of literal runs, high bytes first. */
export function rleFrame(values: ArrayLike<number>): Uint8Array {
  const plane = (shift: number) => {
    const out: number[] = [];
    for (let i = 0; i < values.length; i += 128) {
      const run = Math.min(128, values.length - i);
      out.push(run - 1);
      for (let k = 0; k < run; k++) out.push((values[i + k] >> shift) & 0xff);
    }
    if (out.length % 2 === 1) out.push(0x80); // a no-op byte keeps the segment even
    return out;
  };
  const high = plane(8);
  const low = plane(0);
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, 2, true);
  view.setUint32(4, 64, true);
  view.setUint32(8, 64 + high.length, true);
  return Uint8Array.from([...header, ...high, ...low]);
}
