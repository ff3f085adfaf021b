import { StreamableFile } from '@nestjs/common';

/**
 * A Content-Disposition value that keeps a Chinese file name (RFC 6266 with
 * RFC 5987 `filename*`), with an ASCII `filename` for clients that ignore it.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  // The fallback is a quoted-string of printable ASCII: no quotes, backslashes or percent signs that a browser might decode.
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${rfc5987(filename)}`;
}

/** Percent-encoding of RFC 5987 `value-chars`: encodeURIComponent leaves ' ( ) * unencoded, which attr-char does not allow. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The media type of an .xlsx workbook. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Bytes to download (an attachment), with their media type and (Chinese) file name. */
export function downloadFile({ bytes, filename }: { bytes: Uint8Array; filename: string }, type: string): StreamableFile {
  return new StreamableFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    type,
    length: bytes.byteLength,
    disposition: contentDisposition('attachment', filename),
  });
}
