import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './errors.js';
import { HEADER_LIMIT_BYTES, JSON_MAX_DEPTH } from './input-limits.js';
import { problemOf } from './problem.filter.js';

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The nesting depth of a JSON text, read from its bytes before anything parses
 * it: a body nested 2,000 deep overflowed the stack of class-transformer.
 * Brackets inside strings do not count.
 */
export function jsonDepthOf(bytes: Uint8Array, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACKET || b === OPEN_BRACE) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (b === CLOSE_BRACKET || b === CLOSE_BRACE) {
      depth--;
    }
  }
  return deepest;
}

/** body-parser's `verify`: refuses a body nested deeper than JSON_MAX_DEPTH before it is parsed. */
export function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (jsonDepthOf(body, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
    const message = `请求体的 JSON 嵌套超过 ${JSON_MAX_DEPTH} 层`;
    throw Object.assign(new DomainError('VALIDATION_FAILED', message, { errors: [{ field: 'body', message }] }), { status: 400 });
  }
}

const hasBody = (req: Request): boolean => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * A request that carries a body must say it is JSON (or a multipart upload):
 * anything else would reach the routes as an empty body and be answered as
 * missing fields, where the truth is 415.
 */
export function requireJsonOrMultipart(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req) || req.is(['application/json', 'application/*+json', 'multipart/form-data'])) return next();
  next(
    new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `请求体须为 JSON（Content-Type: application/json），上传文件须为 multipart/form-data；收到的是 ${req.headers['content-type'] ?? '未注明的类型'}`,
    ),
  );
}

/**
 * Errors Node's HTTP parser answers itself, before Express sees the request
 * (by default with an empty body): headers over 16 KB get 431 and any other
 * malformed request 400, both as problem details.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? problemOf(new DomainError('HEADERS_TOO_LARGE', `请求头超过 ${HEADER_LIMIT_BYTES / 1024} KB 上限`))
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? null
          : problemOf(new DomainError('VALIDATION_FAILED', '请求格式不正确，无法解析'));
    if (!problem) {
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
