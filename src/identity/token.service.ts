import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { AuthUser } from '../common/current-user.js';
import { ROLES, type Role } from '../../workflows/roles.js';

interface Claims {
  sub: string;
  usr: string;
  org: string;
  roles: Role[];
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** HS256 JWTs signed with AUTH_SECRET; verified without a database read. */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private sign(data: string): Buffer {
    return createHmac('sha256', this.config.authSecret).update(data).digest();
  }

  issue(user: AuthUser): { accessToken: string; expiresAt: string } {
    // Token lifetime is a security matter, measured in real time even when a test or the demo moves the business clock.
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.config.tokenTtlSeconds;
    const claims: Claims = { sub: user.id, usr: user.username, org: user.organisationId, roles: user.roles, iat, exp };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { accessToken: `${body}.${this.sign(body).toString('base64url')}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The user, or null when the token is malformed, forged or expired. */
  verify(token: string): AuthUser | null {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature || header !== HEADER) return null;
    const expected = this.sign(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
    if (!Array.isArray(claims.roles) || !claims.roles.every((r) => (ROLES as readonly string[]).includes(r))) return null;
    return { id: claims.sub, username: claims.usr, organisationId: claims.org, roles: claims.roles };
  }
}
