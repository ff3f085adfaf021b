import { readFileSync } from 'node:fs';
import { templatePath } from './project-paths.js';

let common: ReadonlySet<string> | undefined;

/**
 * One of the most common passwords (templates/security/common-passwords.txt),
 * case ignored: no account may have one, and DEMO_PASSWORD may not be one.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    readFileSync(templatePath('security', 'common-passwords.txt'), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.toLowerCase()),
  );
  return common.has(password.toLowerCase());
}
