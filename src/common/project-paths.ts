import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding `templates/`, found upward from this file (works from src/ and from dist/). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'templates', 'goals'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the templates/ folder above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
export const templatePath = (...parts: string[]): string => join(PROJECT_ROOT, 'templates', ...parts);
