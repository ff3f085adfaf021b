import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Role } from '../../workflows/roles.js';

/** Who is calling, as carried in the signed token (no database read per request). */
export interface AuthUser {
  id: string;
  username: string;
  organisationId: string;
  roles: Role[];
}

export const IS_PUBLIC = 'gongwen:isPublic';
/**
 * Marks a route that needs no sign-in (login, health, docs). The OpenAPI
 * document says so too (`security: []`), from this one mark.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiOperation({ summary: undefined, security: [] }));

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
