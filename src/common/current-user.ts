import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../../workflows/roles.js';

/** Who is calling: the user of the session named by the bearer token, as read on this request. */
export interface AuthUser {
  id: string;
  username: string;
  organisationId: string;
  roles: Role[];
}

export const IS_PUBLIC = 'gongwen:isPublic';
/** Marks a route that needs no sign-in (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
