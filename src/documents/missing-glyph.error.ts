/**
 * A character the embedded font cannot draw. Raised before anything is drawn,
 * so a PDF never shows a box (豆腐块) where a name should be. `field` names the
 * input field (e.g. `centerName`, `table.goals[0].measures[1].responsible`) so a
 * caller can tell the user what to change.
 */
export class MissingGlyphError extends Error {
  readonly code = 'PDF_MISSING_GLYPH';
  /** e.g. `U+20BB7` */
  readonly codePoint: string;

  constructor(
    readonly character: string,
    readonly field: string,
  ) {
    const codePoint = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    super(`字体缺少字符“${character}”（${codePoint}），无法生成PDF（字段：${field}）`);
    this.name = 'MissingGlyphError';
    this.codePoint = codePoint;
  }
}
