import type { FileType } from './file-types.js';

const MAX_NAME_LENGTH = 200;

/**
 * A file name safe to store, show and send back in Content-Disposition, with
 * its Chinese kept: only the last path segment (`../../x.pdf` and `C:\a\x.pdf`
 * become `x.pdf`), no NUL or other control characters, none of the characters
 * Windows refuses, no leading dots (no `..`, no hidden file), no trailing dots
 * or spaces; an extension that matches the detected type.
 */
export function safeFileName(raw: string | undefined, type: FileType, fallback: string): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  const matches = type.extensions.includes(extension.toLowerCase());
  // A name given for another type (报告.pdf holding a Word document) takes the right extension instead.
  const replaced = /^(pdf|ofd|docx?|xlsx?|png|jpe?g)$/i.test(extension);
  const base = (matches || replaced ? name.slice(0, dot) : name).replace(/[.\s]+$/, '') || fallback;
  return `${[...base].slice(0, MAX_NAME_LENGTH).join('')}.${matches ? extension : type.extensions[0]}`;
}

/** A title typed by a person, on one line: control characters dropped, spaces collapsed. */
export function cleanTitle(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
