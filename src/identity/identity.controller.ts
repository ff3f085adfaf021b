import { Body, Controller, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, type AuthUser } from '../common/current-user.js';
import { AllowedBeforePasswordChange, CurrentSession } from './auth.decorators.js';
import { ApiProblems } from '../common/openapi.decorators.js';
import { IdentityService } from './identity.service.js';
import { LoginRequestDto } from './login.request.dto.js';
import { ChangePasswordRequestDto } from './user.request.dto.js';
import { LoginView, UserView } from './user.view.js';

/** Signing in and out; the caller's own account. */
@ApiTags('auth')
@Controller()
export class IdentityController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: '登录：以用户名和密码换取访问令牌（使用一次性密码登录时 mustChangePassword 为 true）',
    description:
      '同一账号 15 分钟内登录失败 5 次即锁定（5 分钟起，每次加倍，最长 60 分钟），同一网络地址失败 20 次亦然；锁定期间答 429 并带 Retry-After（秒），密码正确也不例外。',
  })
  @ApiOkResponse({ type: LoginView })
  @ApiProblems(400, 401, 403, 429, 503)
  login(@Body() body: LoginRequestDto, @Ip() ip: string | undefined): Promise<LoginView> {
    return this.identity.login(body.username, body.password, ip);
  }

  @AllowedBeforePasswordChange()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录：结束当前会话，其令牌随即失效' })
  @ApiNoContentResponse({ description: '会话已结束' })
  @ApiBearerAuth()
  @ApiProblems(401)
  async logout(@CurrentSession() sessionId: string): Promise<void> {
    await this.identity.logout(sessionId);
  }

  @AllowedBeforePasswordChange()
  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: UserView })
  @ApiBearerAuth()
  @ApiProblems(401, 404)
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.identity.me(user);
  }

  @AllowedBeforePasswordChange()
  @Post('me/password')
  @HttpCode(200)
  @ApiOperation({ summary: '修改本人密码（至少 10 个字符，不含用户名，非常见密码）；本人的其他会话随即结束' })
  @ApiOkResponse({ type: UserView })
  @ApiBearerAuth()
  @ApiProblems(400, 401, 409)
  changePassword(@CurrentUser() user: AuthUser, @CurrentSession() sessionId: string, @Body() body: ChangePasswordRequestDto): Promise<UserView> {
    return this.identity.changePassword(user, sessionId, body.currentPassword, body.newPassword);
  }
}
