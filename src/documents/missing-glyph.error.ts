import { DomainError } from '../common/errors.js';

/**
 * A character the embedded font cannot draw. Raised before anything is drawn,
 * so a PDF never shows a box (豆腐块) where a name should be. `field` names the
 * input field (e.g. `centerName`, `table.goals[0].measures[1].responsible`) so a
 * caller can tell the user what to change; over HTTP it is a 400.
 */
export class MissingGlyphError extends DomainError {
  /** e.g. `U+20BB7` */
  readonly codePoint: string;

  constructor(
    readonly character: string,
    readonly field: string,
  ) {
    const codePoint = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const message = `字体缺少字符“${character}”（${codePoint}），无法生成PDF（字段：${field}）`;
    super('VALIDATION_FAILED', message, { errors: [{ field, message }] });
    this.name = 'MissingGlyphError';
    this.codePoint = codePoint;
  }
}
