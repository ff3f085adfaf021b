import { inflateRawSync } from 'node:zlib';

/** One file of a ZIP archive, as its central directory lists it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** general purpose flags; bit 11: the name is UTF-8 */
  flags: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The central directory of a ZIP archive held in memory (an .xlsx is one), or
 * null when the bytes are not one. Reads only the directory: what an upload
 * claims to hold is known before anything is inflated.
 */
export function zipEntries(bytes: Buffer): ZipEntry[] | null {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL) return null;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return null;
    const flags = bytes.readUInt16LE(at + 8);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    entries.push({
      name: rawName.toString(flags & 0x800 ? 'utf8' : 'latin1'),
      method: bytes.readUInt16LE(at + 10),
      crc32: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      flags,
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The contents of one entry (stored or deflated). With `maxBytes`, inflating
 * stops there (a RangeError): an entry cannot unpack to more than its caller
 * allows, whatever size the directory claims.
 */
export function zipEntryData(bytes: Buffer, entry: ZipEntry, maxBytes?: number): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) throw new Error(`no local header for ${entry.name}`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data, maxBytes === undefined ? {} : { maxOutputLength: Math.max(1, maxBytes) });
  throw new Error(`compression method ${entry.method} of ${entry.name} is not supported`);
}
