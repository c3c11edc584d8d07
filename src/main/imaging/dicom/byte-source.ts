// Random access to a DICOM file's bytes without reading it whole: the import checks the structure of every
// slice from its header, its size and a few item headers, which for a 512 KB slice is a few reads of bytes
// instead of the whole file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  /** Total bytes. */
  readonly size: number;
  /** Bytes [offset, offset + length), fewer where the source ends first. */
  read(offset: number, length: number): Uint8Array;
}

/** Bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
  };
}

/** An open file; `close()` when done. */
export function openFileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return {
    size,
    read(offset, length) {
      const wanted = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(wanted);
      let done = 0;
      while (done < wanted) {
        const read = readSync(fd, out, done, wanted - done, offset + done);
        if (read === 0) break; // the file shrank meanwhile
        done += read;
      }
      return done === wanted ? out : out.subarray(0, done);
    },
    close: () => closeSync(fd),
  };
}
