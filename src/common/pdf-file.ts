import { StreamableFile } from '@nestjs/common';
import { contentDisposition } from './content-disposition.js';

/** A PDF answer with a UTF-8 file name (RFC 6266 `filename*`) and an ASCII fallback. */
export function pdfFile({ bytes, filename }: { bytes: Uint8Array; filename: string }): StreamableFile {
  return new StreamableFile(Buffer.from(bytes), {
    type: 'application/pdf',
    length: bytes.byteLength,
    disposition: contentDisposition('inline', filename),
  });
}
