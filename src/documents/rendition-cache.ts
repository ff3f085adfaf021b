import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { canonicalJson } from '../common/ids.js';

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
 * Rendered PDFs kept on disk under the digest of what they were rendered
 * from. The renderers are pure (the same data gives the same bytes, which
 * the determinism test holds them to), so a hit is the very document a
 * render would give. The mail relay renders each submission's receipt and
 * table as it sends them; an export of the round then reads them back instead
 * of rendering thousands again. Best effort: a cache that cannot be read or
 * written only costs a render.
 */
export class RenditionCache {
  private readonly logger = new Logger('RenditionCache');
  private revision: string | undefined;
  private warned = false;
  /** Sub-folders known to exist: a render is written without asking the disk again. */
  private readonly folders = new Set<string>();

  constructor(private readonly dir: string) {}

  keyOf(kind: string, data: unknown): string {
    this.revision ??= rendererRevision();
    return createHash('sha256')
      .update(`${kind}\n${this.revision}\n${canonicalJson(data)}`)
      .digest('hex');
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch {
      return undefined;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    // Written aside, then renamed: a reader (another instance on the same disk) sees all of it or nothing.
    const partial = `${path}.${randomUUID()}.part`;
    try {
      if (!this.folders.has(dirname(path))) {
        await mkdir(dirname(path), { recursive: true });
        this.folders.add(dirname(path));
      }
      await writeFile(partial, bytes);
      await rename(partial, path);
    } catch (error) {
      if (!this.warned) this.logger.warn({ message: 'rendition cache not writable; PDFs are rendered each time', dir: this.dir, error: String(error) });
      this.warned = true;
    }
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.pdf`);
  }
}
