import { StreamableFile } from '@nestjs/common';

/** A PDF answer with a UTF-8 file name (RFC 6266 `filename*`) and an ASCII fallback. */
export function pdfFile({ bytes, filename }: { bytes: Uint8Array; filename: string }): StreamableFile {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new StreamableFile(Buffer.from(bytes), {
    type: 'application/pdf',
    length: bytes.byteLength,
    disposition: `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  });
}
