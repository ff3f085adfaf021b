import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DOCUMENT_FILE, TYPES_FILE, renderContract } from '../../scripts/api-contract.js';

/** Where two texts first differ, with the lines around it; null when they are equal. */
function firstDifference(committed: string, fresh: string): string | null {
  if (committed === fresh) return null;
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  const around = (lines: string[]) => lines.slice(Math.max(0, at - 2), at + 3).join('\n');
  return `first difference at line ${at + 1}\n--- committed\n${around(a)}\n+++ the app now\n${around(b)}`;
}

/**
 * The committed contract (openapi/) is what the app's decorators produce: the
 * web app and the commission's scripts build on those files, so a change to an
 * endpoint must regenerate them (`npm run api:types`) in the same commit.
 * No server: the document is built from the app without listening.
 */
describe('the committed API contract', () => {
  it('matches the document and the types the app produces now (else run `npm run api:types`)', async () => {
    const { json, types } = await renderContract();
    const stale = [
      [DOCUMENT_FILE, firstDifference(readFileSync(DOCUMENT_FILE, 'utf8'), json)],
      [TYPES_FILE, firstDifference(readFileSync(TYPES_FILE, 'utf8'), types)],
    ]
      .filter(([, difference]) => difference !== null)
      .map(([file, difference]) => `${file} is out of date: run \`npm run api:types\` and commit it (${difference})`);
    expect(stale).toEqual([]);
  });
});
