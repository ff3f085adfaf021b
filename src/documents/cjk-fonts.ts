import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { create as parseFont, type Font as FontkitFont } from 'fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { MissingGlyphError } from './missing-glyph.error.js';

/**
 * Noto Serif SC (OFL-1.1, npm `@expo-google-fonts/noto-serif-sc`) embedded as
 * subset TrueType through upstream fontkit 2.
 *
 * Why not `@pdf-lib/fontkit`: its TrueType subsets of CJK fonts lose glyphs
 * ("2022年4月29日" rendered as "月 9日") while the text layer stays right, see
 * ../shared/stack.md. fontkit 2 subsets correctly but only offers
 * `subset.encode()`, while pdf-lib 1.17.1 calls `fontkit.create(bytes)`, then on
 * the font `layout`, `createSubset`, `unitsPerEm`, `postscriptName`, `ascent`,
 * `descent`, `bbox`, …, and on the subset `includeGlyph(glyph)`, `cff` and
 * `encodeStream().on('data'|'end'|'error')`: the adapter below supplies that
 * last one, and a `layout` without shaping (see below).
 */

export type FontWeight = 'regular' | 'bold';

const FONT_PACKAGE_FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
};

const requireFromHere = createRequire(import.meta.url);

/** Absolute path of the font file of a weight (also used by the tests to compare glyphs). */
export function fontFilePath(weight: FontWeight): string {
  return requireFromHere.resolve(FONT_PACKAGE_FILES[weight]);
}

/** A parsed font kept for the life of the process: parsing and the glyph tables are the slow part. */
interface LoadedFont {
  readonly bytes: Uint8Array;
  readonly font: FontkitFont;
  /** advance width in font units, by code point */
  readonly advances: Map<number, number>;
  readonly hasGlyph: Map<number, boolean>;
}

const loaded = new Map<FontWeight, LoadedFont>();
/** bytes → parsed font, so the adapter's create() never parses a cached font twice */
const parsedByBytes = new WeakMap<Uint8Array, FontkitFont>();

/**
 * fontkit 2.0.4 re-reads a glyph's outline from the glyf table each time a
 * subset includes it (`TTFGlyph._decode`, pinned version, private method): a third
 * of a receipt's render time. Glyph objects are cached by the font, so keeping
 * the decoded outline on each makes every later document cheap. The outline is
 * only read (this font has no variations), and the render check in the tests
 * compares every embedded glyph with the source font.
 */
function memoizeGlyphDecoding(font: FontkitFont): void {
  type Decodable = { _decode?: () => unknown };
  const getGlyph = font.getGlyph.bind(font);
  const seen = new WeakSet<object>();
  Object.defineProperty(font, 'getGlyph', {
    value: (id: number, codePoints?: number[]) => {
      const glyph = getGlyph(id, codePoints);
      if (glyph && !seen.has(glyph)) {
        seen.add(glyph);
        const decodable = glyph as unknown as Decodable;
        const decode = decodable._decode?.bind(glyph);
        if (decode) {
          let decoded: { value: unknown } | undefined;
          decodable._decode = () => (decoded ??= { value: decode() }).value;
        }
      }
      return glyph;
    },
  });
}

function parseWithStreamingSubsets(bytes: Uint8Array): FontkitFont {
  const parsed = parseFont(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if ('fonts' in parsed) throw new Error('a font collection cannot be embedded, pass a single font');
  const font = parsed;
  // Chinese needs no OpenType shaping, and shaping a 30,000-glyph font is slow
  // and inconsistent (digits in a Latin run get tabular forms, in a Chinese
  // run proportional ones): map each code point through the cmap, exactly as
  // TypesetFont measures. pdf-lib reads `id`, `advanceWidth` and `codePoints`
  // of each glyph; fresh objects carry the code point actually drawn, where a
  // cached fontkit glyph keeps whichever code point first asked for it.
  Object.defineProperty(font, 'layout', {
    value: (text: string) => ({
      glyphs: Array.from(text, (char) => {
        const codePoint = char.codePointAt(0) ?? 0;
        const glyph = font.glyphForCodePoint(codePoint);
        return { id: glyph.id, advanceWidth: glyph.advanceWidth, codePoints: [codePoint] };
      }),
    }),
  });
  memoizeGlyphDecoding(font);
  const createSubset = font.createSubset.bind(font);
  // pdf-lib reads the subset as a stream; fontkit 2 encodes it in one piece.
  Object.defineProperty(font, 'createSubset', {
    value: () => {
      const subset = createSubset();
      return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
    },
  });
  return font;
}

/** What `PDFDocument.registerFontkit` expects: `create(bytes)` returning the font. */
export const fontkitAdapter = {
  create(bytes: Uint8Array): FontkitFont {
    let font = parsedByBytes.get(bytes);
    if (!font) {
      font = parseWithStreamingSubsets(bytes);
      parsedByBytes.set(bytes, font);
    }
    return font;
  },
} as unknown as Parameters<PDFDocument['registerFontkit']>[0];

function load(weight: FontWeight): LoadedFont {
  let entry = loaded.get(weight);
  if (!entry) {
    const bytes = new Uint8Array(readFileSync(fontFilePath(weight)));
    const font = parseWithStreamingSubsets(bytes);
    parsedByBytes.set(bytes, font);
    entry = { bytes, font, advances: new Map(), hasGlyph: new Map() };
    loaded.set(weight, entry);
  }
  return entry;
}

/** Characters that are layout, not ink: never drawn, so never checked. */
function isLayoutControl(codePoint: number): boolean {
  return codePoint === 0x0a || codePoint === 0x0d || codePoint === 0x09;
}

/**
 * Throws MissingGlyphError for the first character of `text` that the font
 * (both weights: any string may end up in a title) cannot draw.
 */
export function assertDrawable(text: string, field: string): void {
  const weights = [load('regular'), load('bold')];
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (isLayoutControl(codePoint)) continue;
    for (const entry of weights) {
      let has = entry.hasGlyph.get(codePoint);
      if (has === undefined) {
        has = entry.font.hasGlyphForCodePoint(codePoint);
        entry.hasGlyph.set(codePoint, has);
      }
      if (!has) throw new MissingGlyphError(char, field);
    }
  }
}

/** Checks every string inside `value` (objects and arrays walked), naming each by its path. */
export function assertDrawableDeep(value: unknown, field: string): void {
  if (typeof value === 'string') assertDrawable(value, field);
  else if (typeof value === 'number' || typeof value === 'boolean') assertDrawable(String(value), field);
  else if (Array.isArray(value)) value.forEach((item, i) => assertDrawableDeep(item, `${field}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertDrawable(key, field);
      assertDrawableDeep(item, `${field}.${key}`);
    }
  }
}

/** One embedded font of one document, with fast measuring from the cached advances. */
export class TypesetFont {
  private readonly scale: number;

  constructor(
    readonly pdfFont: PDFFont,
    private readonly source: LoadedFont,
  ) {
    this.scale = 1 / source.font.unitsPerEm;
  }

  /** Width in points of one character (a code point) at `size`. */
  charWidth(char: string, size: number): number {
    const codePoint = char.codePointAt(0) ?? 0;
    let advance = this.source.advances.get(codePoint);
    if (advance === undefined) {
      advance = this.source.font.glyphForCodePoint(codePoint).advanceWidth;
      this.source.advances.set(codePoint, advance);
    }
    return advance * this.scale * size;
  }

  width(text: string, size: number): number {
    let total = 0;
    for (const char of text) total += this.charWidth(char, size);
    return total;
  }
}

export interface DocumentFonts {
  regular: TypesetFont;
  bold: TypesetFont;
}

/**
 * A subset's name must carry a six-letter tag (`ABCDEF+NotoSerifSC-Regular`);
 * pdf-lib adds none, and a random one would break "same input, same bytes".
 * The tag is drawn from the document's own content instead.
 */
function subsetTag(seed: string, weight: FontWeight): string {
  const digest = createHash('sha256').update(`${weight}\u0000${seed}`).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i] % 26));
  return tag;
}

/** Embeds one weight as a subset into `doc`. `seed` is a stable digest of the document's input. */
export async function embedCjkFont(doc: PDFDocument, weight: FontWeight, seed: string): Promise<TypesetFont> {
  doc.registerFontkit(fontkitAdapter);
  const source = load(weight);
  const pdfFont = await doc.embedFont(source.bytes, {
    subset: true,
    customName: `${subsetTag(seed, weight)}+${source.font.postscriptName}`,
  });
  return new TypesetFont(pdfFont, source);
}

/** Both weights; each must draw at least one glyph (an empty subset is not a valid font). */
export async function embedDocumentFonts(doc: PDFDocument, seed: string): Promise<DocumentFonts> {
  return { regular: await embedCjkFont(doc, 'regular', seed), bold: await embedCjkFont(doc, 'bold', seed) };
}
