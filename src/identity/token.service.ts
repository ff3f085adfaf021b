import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** What an access token carries: whose session it is. Everything else is read with the session. */
export interface TokenClaims {
  /** The user's id. */
  sub: string;
  /** The session's id (a row of `sessions`). */
  sid: string;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** HS256 JWTs signed with AUTH_SECRET, naming a session; the session itself is checked by the guard. */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** How long a session and its token live, in seconds. */
  get ttlSeconds(): number {
    return this.config.tokenTtlSeconds;
  }

  private sign(data: string): Buffer {
    return createHmac('sha256', this.config.authSecret).update(data).digest();
  }

  issue(claims: TokenClaims): string {
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${body}.${this.sign(body).toString('base64url')}`;
  }

  /** The claims, or null when the token is malformed, forged or expired. */
  verify(token: string): TokenClaims | null {
    const parts = token.split('.');
    // Exactly header.payload.signature: a fourth segment (or a fifth…) is not a token this service issued.
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts;
    if (!header || !payload || !signature || header !== HEADER) return null;
    // Compared as text, not decoded: base64url decoding skips stray characters, so two spellings would pass.
    const expected = Buffer.from(this.sign(`${header}.${payload}`).toString('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return null;
    }
    // Token lifetime is a security matter, measured in real time even when a test or the demo moves the business clock.
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    return claims;
  }
}
