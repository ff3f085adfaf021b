import type { LoggerService } from '@nestjs/common';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';

/** The app's one structured logger (pino, JSON lines on stdout); injected where a service logs an event of its own. */
export abstract class AppLog {
  abstract readonly pino: Logger;
}

/**
 * What never reaches a log line: credentials and cookies in either direction. pino-http logs no body,
 * and the serializers below keep only the method, the route and the status of a request.
 */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.currentPassword', '*.newPassword'];

/** JSON lines at info and above on stdout (or `destination`); `quiet` (tests) logs nothing. */
export function createAppLog(options: { quiet?: boolean; destination?: DestinationStream } = {}): AppLog {
  const settings = {
    level: options.quiet ? 'silent' : 'info',
    base: { app: 'gongwen' },
    // Readable by a person and by a log shipper alike: "level":"info", "time":"2026-04-12T03:15:00.000Z".
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  return { pino: options.destination ? pino(settings, options.destination) : pino(settings) };
}

/** Nest's own messages (start-up, module errors, our services' `new Logger(...)`) as pino lines with their context. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly out: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  /** Nest passes the context last (and, for errors, a stack before it). */
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && rest.length === 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message !== null && typeof message === 'object') this.out[level]({ context, ...(message as object), ...(stack ? { stack } : {}) });
    else this.out[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
