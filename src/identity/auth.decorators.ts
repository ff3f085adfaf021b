import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'gongwen:allowedBeforePasswordChange';

/**
 * Marks the routes a user signed in with a one-time password may call before
 * choosing their own (me, the password change, logout); every other route
 * answers PASSWORD_CHANGE_REQUIRED until then.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

/** The id of the session this request was made in (set by the guard). */
export const CurrentSession = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<{ sessionId: string }>().sessionId;
});
