import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, type AuthUser } from '../common/current-user.js';
import { AllowedBeforePasswordChange, CurrentSession } from './auth.decorators.js';
import { ApiProblems } from '../common/openapi.decorators.js';
import { IdentityService } from './identity.service.js';
import { LoginRequestDto } from './login.request.dto.js';
import { ChangePasswordRequestDto } from './user.request.dto.js';
import { LoginView, UserView } from './user.view.js';

/** Signing in and out; the caller's own account. */
@ApiTags('账号与登录')
@Controller()
export class IdentityController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiTags('auth')
  @ApiOperation({ summary: '登录：以用户名和密码换取访问令牌（使用一次性密码登录时 mustChangePassword 为 true）' })
  @ApiOkResponse({ type: LoginView })
  @ApiProblems(400, 401, 403)
  login(@Body() body: LoginRequestDto): Promise<LoginView> {
    return this.identity.login(body.username, body.password);
  }

  @AllowedBeforePasswordChange()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录：结束当前会话，其令牌随即失效' })
  @ApiNoContentResponse({ description: '会话已结束' })
  @ApiBearerAuth()
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
  @ApiProblems(400, 401)
  changePassword(@CurrentUser() user: AuthUser, @CurrentSession() sessionId: string, @Body() body: ChangePasswordRequestDto): Promise<UserView> {
    return this.identity.changePassword(user, sessionId, body.currentPassword, body.newPassword);
  }
}
