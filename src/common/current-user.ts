import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Role } from '../../workflows/roles.js';

/** Who is calling: the user of the session named by the bearer token, as read on this request. */
export interface AuthUser {
  id: string;
  username: string;
  organisationId: string;
  roles: Role[];
}

export const IS_PUBLIC = 'gongwen:isPublic';
/**
 * Marks a route that needs no sign-in (login, health, docs). On a handler the
 * OpenAPI document says so too (`security: []`), from this one mark.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    SetMetadata(IS_PUBLIC, true)(target, key!, descriptor!);
    // `summary: undefined` leaves the handler's own @ApiOperation summary in place.
    if (descriptor) ApiOperation({ summary: undefined, security: [] })(target, key!, descriptor);
  }) as MethodDecorator & ClassDecorator;

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
