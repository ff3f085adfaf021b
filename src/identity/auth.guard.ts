import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors.js';
import { IS_PUBLIC, type AuthUser } from '../common/current-user.js';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from './auth.decorators.js';
import { SessionService } from './session.service.js';

/**
 * Every route needs a valid bearer token of a live session unless marked @Public():
 * the token's signature and lifetime, then one read of the session and its user
 * (revoked, ended by a change to the user, user disabled).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser; sessionId?: string }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', '请先登录（缺少 Authorization: Bearer 令牌）');
    const { user, sessionId, mustChangePassword } = await this.sessions.authenticate(match[1]);
    if (mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', '您正在使用一次性密码，请先修改密码（POST /api/me/password）后再继续操作');
    }
    request.user = user;
    request.sessionId = sessionId;
    return true;
  }
}
