import { applyDecorators, Inject, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../workflows/roles.js';
import { hasRole, type AuthUser } from './current-user.js';
import { DomainError, forbidden } from './errors.js';

const REQUIRED_ROLES = 'gongwen:requiredRoles';

interface Requirement {
  roles: Role[];
  detail: string;
}

/** Refuses a caller without one of the roles, after sign-in and before the body is validated. */
@Injectable()
export class RequiredRolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const requirement = this.reflector.get<Requirement | undefined>(REQUIRED_ROLES, context.getHandler());
    if (!requirement) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw new DomainError('UNAUTHENTICATED', '请先登录');
    if (!hasRole(user, ...requirement.roles)) throw forbidden(requirement.detail);
    return true;
  }
}

/**
 * Routes only some roles may call at all (drafting a notice is for staff):
 * the role is checked before the body, so a center learns only that it may
 * not, never how a body it may not send would be judged. The service checks
 * again; this guard only brings the answer forward. Guards on a handler run
 * after the global sign-in guard and before every pipe.
 */
export function RequireRoles(roles: Role[], detail: string): MethodDecorator {
  return applyDecorators(SetMetadata(REQUIRED_ROLES, { roles, detail } satisfies Requirement), UseGuards(RequiredRolesGuard));
}
