// DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte
// plane, most significant plane first. Simple enough to decode by hand.

/**
 * Decodes one RLE frame of single-sample pixels into little-endian sample bytes
 * (`pixelCount × bytesPerSample` bytes). Throws on a malformed header or a short segment.
 */
export function decodeRleFrame(frame: Uint8Array, pixelCount: number, bytesPerSample: number): Uint8Array {
  if (frame.length < 64) throw new Error(`RLE frame is ${frame.length} bytes, shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segmentCount = view.getUint32(0, true);
  if (segmentCount !== bytesPerSample) {
    throw new Error(`RLE frame has ${segmentCount} segments; ${bytesPerSample} expected for one ${bytesPerSample * 8}-bit sample per pixel`);
  }
  const out = new Uint8Array(pixelCount * bytesPerSample);
  for (let segment = 0; segment < segmentCount; segment++) {
    const start = view.getUint32(4 + segment * 4, true);
    const end = segment + 1 < segmentCount ? view.getUint32(8 + segment * 4, true) : frame.length;
    if (start < 64 || start > end || end > frame.length) throw new Error(`RLE segment ${segment} offsets ${start}..${end} are out of range`);
    // Segment 0 holds the most significant byte; little-endian output puts it last.
    const byteInSample = bytesPerSample - 1 - segment;
    unpackBits(frame, start, end, out, byteInSample, bytesPerSample, pixelCount, segment);
  }
  return out;
}

/** PackBits: n in 0..127 copies n+1 bytes; n in -127..-1 repeats the next byte 1-n times; -128 does nothing. */
function unpackBits(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  firstIndex: number,
  stride: number,
  count: number,
  segment: number,
): void {
  let read = start;
  let written = 0;
  while (written < count && read < end) {
    const header = (src[read++] << 24) >> 24;
    if (header >= 0) {
      const run = Math.min(header + 1, count - written, end - read);
      for (let i = 0; i < run; i++) out[firstIndex + (written + i) * stride] = src[read + i];
      read += header + 1;
      written += run;
    } else if (header !== -128) {
      const run = Math.min(1 - header, count - written);
      const value = src[read++];
      for (let i = 0; i < run; i++) out[firstIndex + (written + i) * stride] = value;
      written += run;
    }
  }
  if (written < count) throw new Error(`RLE segment ${segment} ends after ${written} of ${count} bytes`);
  // A segment that decodes to more than its plane (beyond one pad byte) belongs to a bigger image than
  // Rows × Columns say: reading only its first part would show a slice cut in two.
  let extra = 0;
  while (read < end) {
    const header = (src[read++] << 24) >> 24;
    if (header >= 0) {
      extra += Math.min(header + 1, end - read);
      read += header + 1;
    } else if (header !== -128) {
      extra += 1 - header;
      read++;
    }
  }
  if (extra > 1) throw new Error(`RLE segment ${segment} holds ${count + extra} bytes, more than the ${count} of Rows × Columns`);
}
