/** The bounds every request is held to before any route reads it (see request-limits.ts and input-text.pipe.ts). */

/** The largest JSON body any route takes. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Deepest nesting of arrays and objects in a JSON body: a strategy table needs 6; parsers and validators recurse. */
export const JSON_MAX_DEPTH = 32;
/** Node's limit on the request line and headers together (its default `maxHeaderSize`). */
export const HEADER_LIMIT_BYTES = 16 * 1024;
/** The longest string any field takes, in UTF-16 units: the longest declared field (a notice's body) takes 100,000. */
export const STRING_MAX_LENGTH = 100_000;
