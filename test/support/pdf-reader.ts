import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSync as openFont, create as parseFont, type Font as FontkitFont } from 'fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { fontFilePath } from '../../src/documents/cjk-fonts.js';

/**
 * Reads PDFs the way a person's tools do, with poppler-utils (pdftotext,
 * pdftoppm, pdfinfo, pdfdetach, pdffonts) and qpdf; CI installs both.
 *
 * Text extraction proves only the text layer: a PDF whose embedded font lost
 * its glyphs still extracts perfectly (../shared/stack.md). `renderCheck`
 * therefore also renders every page with system fonts hidden and inspects
 * the embedded font programs themselves.
 */

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${cmd} could not run (install poppler-utils and qpdf): ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withPdfFile<T>(bytes: Uint8Array, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, bytes);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mustRun(cmd: string, args: string[]): string {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The text layer, laid out as on the page (`pdftotext -layout`); pages end with a form feed. */
export function pdfText(bytes: Uint8Array): string {
  return withPdfFile(bytes, (file) => mustRun('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']));
}

/** The text of each page. */
export function pdfPages(bytes: Uint8Array): string[] {
  const pages = pdfText(bytes).split('\f');
  if (pages[pages.length - 1].trim() === '') pages.pop();
  return pages;
}

export interface PdfWord {
  /** 1-based */
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes (`pdftotext -bbox`, points from the top left of the page): for checks of alignment. */
export function pdfWords(bytes: Uint8Array): PdfWord[] {
  const html = withPdfFile(bytes, (file) => mustRun('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']));
  const words: PdfWord[] = [];
  const unescape = (t: string): string =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  html
    .split('<page ')
    .slice(1)
    .forEach((pageHtml, i) => {
      for (const m of pageHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        words.push({ page: i + 1, text: unescape(m[5]), xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
      }
    });
  return words;
}

/** `pdfinfo` as a record: Title, Author, Subject, Keywords, Creator, Producer, Pages, Page size, … */
export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const out = withPdfFile(bytes, (file) => mustRun('pdfinfo', ['-enc', 'UTF-8', file]));
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

export interface PdfFontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** `pdffonts`: every font a page uses. */
export function pdfFonts(bytes: Uint8Array): PdfFontRow[] {
  const out = withPdfFile(bytes, (file) => mustRun('pdffonts', [file]));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (1–2 words), encoding, emb, sub, uni, object, id
      const [emb, sub, uni] = cols.slice(-5, -2);
      return { name: cols[0], type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
    });
}

/** Files embedded in the PDF, read back with `pdfdetach`. */
export function pdfAttachments(bytes: Uint8Array): { name: string; content: Buffer }[] {
  return withPdfFile(bytes, (file, dir) => {
    const list = mustRun('pdfdetach', ['-enc', 'UTF-8', '-list', file]);
    const names = list
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^\s*\d+:\s*/, ''))
      .filter((n) => n !== '');
    return names.map((name, i) => {
      const out = join(dir, `attachment-${i + 1}`);
      mustRun('pdfdetach', ['-save', String(i + 1), '-o', out, file]);
      return { name, content: readFileSync(out) };
    });
  });
}

/** A fontconfig that knows no font at all, in `dir`: a renderer must use what the PDF embeds or complain. */
function emptyFontconfigEnv(dir: string): NodeJS.ProcessEnv {
  const file = join(dir, 'fonts.conf');
  writeFileSync(file, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n</fontconfig>\n');
  return { ...process.env, FONTCONFIG_FILE: file, FONTCONFIG_PATH: dir };
}

/** Whether a greyscale PGM page has any ink (a page that rendered blank has none). */
function hasInk(pgm: Buffer): boolean {
  // P5 <width> <height> <maxval> then one byte per pixel
  let pos = 0;
  let fields = 0;
  while (fields < 4) {
    while (/\s/.test(String.fromCharCode(pgm[pos]))) pos++;
    while (!/\s/.test(String.fromCharCode(pgm[pos]))) pos++;
    fields++;
  }
  for (let i = pos + 1; i < pgm.length; i++) if (pgm[i] < 128) return true;
  return false;
}

/** Renders every page with `pdftoppm -r 50` under the empty fontconfig; any stderr line is a problem. */
export function rasterProblems(bytes: Uint8Array): string[] {
  return withPdfFile(bytes, (file, dir) => {
    const problems: string[] = [];
    const r = run('pdftoppm', ['-r', '50', '-gray', file, join(dir, 'page')], emptyFontconfigEnv(dir));
    if (r.status !== 0) problems.push(`pdftoppm exited ${r.status}`);
    for (const line of r.stderr.split('\n')) if (line.trim()) problems.push(`pdftoppm: ${line.trim()}`);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm'));
    const expected = Number(/^Pages:\s*(\d+)/m.exec(mustRun('pdfinfo', [file]))?.[1]);
    if (pages.length !== expected) problems.push(`pdftoppm rendered ${pages.length} of ${expected} pages`);
    for (const page of pages) if (!hasInk(readFileSync(join(dir, page)))) problems.push(`${page} rendered blank`);
    return problems;
  });
}

/** `qpdf --check`: exit 0 only (2 is errors, 3 warnings). */
export function qpdfProblems(bytes: Uint8Array): string[] {
  return withPdfFile(bytes, (file) => {
    const r = run('qpdf', ['--check', file]);
    return r.status === 0 ? [] : [`qpdf --check exited ${r.status}: ${(r.stdout + r.stderr).trim()}`];
  });
}

const sourceFonts = new Map<string, FontkitFont>();

/** The font an embedded subset was cut from, when it is one of ours. */
function sourceFont(baseName: string): FontkitFont | undefined {
  const weight = baseName === 'NotoSerifSC-Regular' ? 'regular' : baseName === 'NotoSerifSC-Bold' ? 'bold' : undefined;
  if (!weight) return undefined;
  let font = sourceFonts.get(weight);
  if (!font) {
    const opened = openFont(fontFilePath(weight));
    if ('fonts' in opened) throw new Error('unexpected font collection');
    font = opened;
    sourceFonts.set(weight, font);
  }
  return font;
}

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexToText = (hex: string): string => {
    const units: number[] = [];
    for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1], 16), hexToText(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const [lo, hi, start] = [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
      for (let cid = lo; cid <= hi; cid++) map.set(cid, String.fromCharCode(start + cid - lo));
    }
  }
  return map;
}

function bytesOf(doc: PDFDocument, ref: unknown): Uint8Array | undefined {
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  return stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : undefined;
}

/**
 * Checks the font programs inside the PDF, independently of any renderer:
 * for each embedded CID TrueType font, every glyph its ToUnicode map names
 * for a visible character must decode to a non-empty outline, and, for a
 * subset of our own fonts, equal the source font's glyph for that character.
 * This is what catches the broken `@pdf-lib/fontkit` subsets, which poppler
 * renders as blanks without a word.
 */
export async function embeddedFontProblems(bytes: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Subtype'))?.toString() !== '/Type0') continue;
    const name = obj.get(PDFName.of('BaseFont'))?.toString().slice(1) ?? '?';
    const toUnicode = bytesOf(doc, obj.get(PDFName.of('ToUnicode')));
    const descendants = doc.context.lookup(obj.get(PDFName.of('DescendantFonts')));
    const cidFont = descendants instanceof PDFArray ? doc.context.lookup(descendants.get(0)) : undefined;
    const descriptor = cidFont instanceof PDFDict ? doc.context.lookup(cidFont.get(PDFName.of('FontDescriptor'))) : undefined;
    if (!(descriptor instanceof PDFDict)) {
      problems.push(`${name}: no font descriptor`);
      continue;
    }
    const program = bytesOf(doc, descriptor.get(PDFName.of('FontFile2')));
    if (!program) {
      problems.push(`${name}: no embedded TrueType program (FontFile2)`);
      continue;
    }
    if (!toUnicode) {
      problems.push(`${name}: no ToUnicode map`);
      continue;
    }
    if (cidFont instanceof PDFDict && cidFont.get(PDFName.of('CIDToGIDMap'))?.toString() !== '/Identity') {
      problems.push(`${name}: CIDToGIDMap is not /Identity (not checked)`);
      continue;
    }
    let font: FontkitFont;
    try {
      const parsed = parseFont(Buffer.from(program));
      if ('fonts' in parsed) throw new Error('a collection');
      font = parsed;
    } catch (e) {
      problems.push(`${name}: embedded font does not parse: ${(e as Error).message}`);
      continue;
    }
    const source = sourceFont(name.slice(name.indexOf('+') + 1));
    for (const [gid, text] of parseToUnicode(Buffer.from(toUnicode).toString('latin1'))) {
      if (text.trim() === '') continue;
      const label = `${name}: glyph ${gid} for “${text}”`;
      if (gid >= font.numGlyphs) {
        problems.push(`${label} is beyond the font's ${font.numGlyphs} glyphs`);
        continue;
      }
      let svg: string;
      try {
        const path = font.getGlyph(gid).path;
        svg = path.toSVG();
        if (path.commands.length === 0) problems.push(`${label} has no outline`);
      } catch (e) {
        problems.push(`${label} cannot be decoded: ${(e as Error).message}`);
        continue;
      }
      if (source) {
        const codePoint = text.codePointAt(0) ?? 0;
        const expected = source.glyphForCodePoint(codePoint).path.toSVG();
        if (svg !== expected) problems.push(`${label} differs from the source font's glyph`);
      }
    }
  }
  return problems;
}

/** Everything wrong with a PDF as a reader would see it: render warnings, qpdf, embedded fonts. */
export async function renderProblems(bytes: Uint8Array): Promise<string[]> {
  return [...rasterProblems(bytes), ...qpdfProblems(bytes), ...(await embeddedFontProblems(bytes))];
}

/**
 * Fails unless every page renders without a font warning with system fonts
 * hidden, `qpdf --check` passes and the embedded glyphs are intact.
 */
export async function renderCheck(bytes: Uint8Array): Promise<void> {
  const problems = await renderProblems(bytes);
  if (problems.length > 0) throw new Error(`PDF render check failed:\n  ${problems.join('\n  ')}`);
}
