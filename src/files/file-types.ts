/**
 * What a file is, decided by its bytes and never by its name or the type the
 * client claims: PDF, OFD, DOCX, XLSX, PNG and JPEG. The three zip-based
 * formats are told apart by the parts listed in the zip's central directory.
 */

export const FILE_KINDS = ['pdf', 'ofd', 'docx', 'xlsx', 'png', 'jpeg'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FileType {
  kind: FileKind;
  contentType: string;
  /** Extensions a name of this type may end with; the first is added when a name has none of them. */
  extensions: readonly string[];
}

export const FILE_TYPES: Record<FileKind, FileType> = {
  pdf: { kind: 'pdf', contentType: 'application/pdf', extensions: ['pdf'] },
  ofd: { kind: 'ofd', contentType: 'application/ofd', extensions: ['ofd'] },
  docx: { kind: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { kind: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  png: { kind: 'png', contentType: 'image/png', extensions: ['png'] },
  jpeg: { kind: 'jpeg', contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
};

/** How a person names the accepted types in a message. */
export const ACCEPTED_TYPES_TEXT = 'PDF、OFD、Word（.docx）、Excel（.xlsx）、PNG、JPEG';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const startsWith = (bytes: Buffer, signature: Buffer | number[]): boolean =>
  bytes.length >= signature.length && Buffer.from(signature).equals(bytes.subarray(0, signature.length));

/** The type of these bytes, or undefined when it is none of the accepted ones. */
export function detectFileType(bytes: Buffer): FileType | undefined {
  if (startsWith(bytes, Buffer.from('%PDF-'))) return FILE_TYPES.pdf;
  if (startsWith(bytes, PNG_SIGNATURE)) return FILE_TYPES.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return FILE_TYPES.jpeg;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(bytes);
    if (!names) return undefined;
    const has = (name: string) => names.has(name.toLowerCase());
    if (has('OFD.xml')) return FILE_TYPES.ofd;
    if (has('[Content_Types].xml') && has('word/document.xml')) return FILE_TYPES.docx;
    if (has('[Content_Types].xml') && has('xl/workbook.xml')) return FILE_TYPES.xlsx;
  }
  return undefined;
}

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const EOCD_SIZE = 22;

/**
 * The entry names of a zip (lower case), read from its central directory: the
 * end-of-central-directory record is found from the end (after a comment of at
 * most 64 KiB), then each entry's header gives its name. Anything malformed or
 * out of bounds (and ZIP64, which a file of this size has no need for) is not a zip.
 */
export function zipEntryNames(bytes: Buffer): Set<string> | undefined {
  let eocd = -1;
  for (let i = bytes.length - EOCD_SIZE; i >= Math.max(0, bytes.length - EOCD_SIZE - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (offset + size > eocd) return undefined;
  const names = new Set<string>();
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== CENTRAL_ENTRY) return undefined;
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    if (p + 46 + nameLength > eocd) return undefined;
    names.add(bytes.toString('utf8', p + 46, p + 46 + nameLength).toLowerCase());
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
