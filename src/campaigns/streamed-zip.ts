import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipArchive } from 'archiver';

/** A file of the archive as its manifest lists it. */
export interface ZippedFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * A ZIP archive written straight to a stream (archiver piped to the response).
 * `add` resolves once the entry has gone into the archive's output, and the
 * output waits for the client: so the caller renders the next file only when
 * this one has left, and memory holds one file, whatever the archive's size.
 * Names are UTF-8 (archiver sets the language-encoding flag for them).
 */
export class StreamedZip {
  private readonly archive = new ZipArchive({ zlib: { level: 6 } });
  private failure: Error | null = null;
  private pending: ((error: Error) => void) | null = null;
  readonly files: ZippedFile[] = [];

  constructor(private readonly out: Writable) {
    this.archive.on('error', (error) => this.fail(error));
    out.on('error', (error) => this.fail(error));
    // A client that goes away before the end: stop rendering, drop the archive.
    out.on('close', () => {
      if (!out.writableFinished) this.fail(new Error('the client closed the connection before the archive was complete'));
    });
    this.archive.pipe(out);
  }

  /** Adds one file; PDFs are stored as they are (already compressed), the rest deflated. */
  add(path: string, bytes: Buffer, date: Date, store = false): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.files.push({ path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    return new Promise<void>((resolve, reject) => {
      this.pending = reject;
      this.archive.once('entry', () => {
        this.pending = null;
        resolve();
      });
      this.archive.append(bytes, { name: path, date, store });
    });
  }

  /** Writes the central directory and waits until the client has all of it. */
  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    await this.archive.finalize();
    await finished(this.out);
    if (this.failure) throw this.failure;
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.pending?.(error);
    this.pending = null;
    this.archive.abort();
  }
}
