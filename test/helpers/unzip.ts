import { gzipSync, inflateRawSync } from 'node:zlib';

// Reads a ZIP archive the way an unzip tool does, from its central directory, for the tests of
// the static export (server/public-results/zip.ts). Each file's CRC-32 is checked against the one
// gzip computes (zlib's own, independent of the writer's table), so a wrong checksum fails here as
// it would in Windows' Explorer.

export interface UnzippedFile {
  path: string;
  data: Buffer;
  method: number;
}

const zlibCrc = (data: Buffer) => gzipSync(data).readUInt32LE(gzipSync(data).length - 8);

export function unzip(archive: Buffer): UnzippedFile[] {
  const endAt = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('no end of central directory');
  const count = archive.readUInt16LE(endAt + 10);
  const directoryAt = archive.readUInt32LE(endAt + 16);
  const files: UnzippedFile[] = [];
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const flags = archive.readUInt16LE(at + 8);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const compressed = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extra = archive.readUInt16LE(at + 30);
    const comment = archive.readUInt16LE(at + 32);
    const localAt = archive.readUInt32LE(at + 42);
    const path = archive.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x0800 ? 'utf8' : 'latin1');
    if (archive.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`bad local header for ${path}`);
    const dataAt = localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
    const body = archive.subarray(dataAt, dataAt + compressed);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : null;
    if (!data) throw new Error(`unknown method ${method} for ${path}`);
    if (data.length !== size) throw new Error(`${path}: ${data.length} bytes, header says ${size}`);
    if (zlibCrc(data) !== crc) throw new Error(`${path}: CRC mismatch`);
    files.push({ path, data, method });
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
