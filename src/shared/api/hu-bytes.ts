// The byte order of HU on the wire: the raw slice route carries Int16 little-endian samples, row-major, with
// the size in the PIXEL_HEADERS. On a little-endian host (every machine Loupe runs on in practice) the bytes
// are the typed array's own memory, so both ends copy nothing; a big-endian host swaps.

/** Whether this machine stores multi-byte numbers little-endian first (typed arrays use the host's order). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** HU from the slice route's bytes (Int16 little-endian). Throws when the byte count is odd. */
export function readHu(bytes: ArrayBuffer | Uint8Array): Int16Array {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (view.byteLength % 2 !== 0) throw new Error(`HU bytes: ${view.byteLength} bytes is not a whole number of Int16 samples`);
  const count = view.byteLength / 2;
  if (LITTLE_ENDIAN) {
    if (view.byteOffset % 2 === 0) return new Int16Array(view.buffer, view.byteOffset, count);
    return new Int16Array(view.slice().buffer, 0, count);
  }
  const data = new DataView(view.buffer, view.byteOffset, view.byteLength);
  const hu = new Int16Array(count);
  for (let i = 0; i < count; i++) hu[i] = data.getInt16(i * 2, true);
  return hu;
}

/** HU as the slice route's bytes (Int16 little-endian): the array's own memory where the host is little-endian. */
export function huBytes(hu: Int16Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(hu.buffer, hu.byteOffset, hu.byteLength);
  const bytes = new Uint8Array(hu.byteLength);
  const data = new DataView(bytes.buffer);
  for (let i = 0; i < hu.length; i++) data.setInt16(i * 2, hu[i], true);
  return bytes;
}
