import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { canonicalJson } from '../common/ids.js';
import { Db } from '../database/db.js';
import { RenditionRepository } from './rendition.repository.js';

/**
 * The renderers' own code and font: a change to either changes every
 * document, so it is part of each cache key (an upgrade never serves a PDF
 * laid out by the code before it).
 */
function rendererRevision(): string {
  const hash = createHash('sha256');
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const name of readdirSync(dir)
    .filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts'))
    .sort()) {
    hash.update(name).update(readFileSync(join(dir, name)));
  }
  const fontPackage = createRequire(import.meta.url)('@expo-google-fonts/noto-serif-sc/package.json') as { version: string };
  return hash.update(fontPackage.version).digest('hex');
}

/**
 * Rendered PDFs kept in the database under the digest of what they were
 * rendered from, shared by every instance on it. The renderers are pure (the
 * same data gives the same bytes, which the determinism test holds them to),
 * so a hit is the very document a render would give. The mail relay renders
 * each submission's receipt and table as it sends them; an export of the
 * round, on whichever instance, then reads them back instead of rendering
 * thousands again. Each read and write is its own short statement, never part
 * of a business transaction: a rendition is derived data, and a cache that
 * cannot be read or written only costs a render.
 */
@Injectable()
export class RenditionCache {
  private readonly logger = new Logger('RenditionCache');
  private revision: string | undefined;
  private warned = false;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RenditionRepository) private readonly repository: RenditionRepository,
  ) {}

  keyOf(kind: string, data: unknown): string {
    this.revision ??= rendererRevision();
    return createHash('sha256')
      .update(`${kind}\n${this.revision}\n${canonicalJson(data)}`)
      .digest('hex');
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await this.db.read((sql) => this.repository.content(sql, key));
    } catch (error) {
      this.warn('rendition cache not readable; PDFs are rendered each time', error);
      return undefined;
    }
  }

  /** The cached bytes of many keys in one read (an export's page); a key absent from the map is not cached. */
  async getMany(keys: readonly string[]): Promise<Map<string, Uint8Array>> {
    try {
      return await this.db.read((sql) => this.repository.contents(sql, keys));
    } catch (error) {
      this.warn('rendition cache not readable; PDFs are rendered each time', error);
      return new Map();
    }
  }

  async put(key: string, kind: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.db.read((sql) => this.repository.insert(sql, key, kind, bytes, this.clock.now().toISOString()));
    } catch (error) {
      this.warn('rendition cache not writable; PDFs are rendered each time', error);
    }
  }

  private warn(message: string, error: unknown): void {
    if (!this.warned) this.logger.warn({ message, error: String(error) });
    this.warned = true;
  }
}
