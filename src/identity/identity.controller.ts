import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, type AuthUser } from '../common/current-user.js';
import { ApiProblems } from '../common/openapi.decorators.js';
import { OrganisationResponse } from './directory.view.js';
import { LoginResponse, UserResponse } from './session.view.js';
import { IdentityService } from './identity.service.js';
import { LoginRequestDto } from './login.request.dto.js';

@Controller()
export class IdentityController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiTags('auth')
  @ApiOperation({ summary: '登录（无需令牌）', description: '用户名与密码正确时答访问令牌；用户不存在与密码错误答同样的 401。' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(400, 401)
  login(@Body() body: LoginRequestDto) {
    return this.identity.login(body.username, body.password);
  }

  @Get('me')
  @ApiTags('auth')
  @ApiBearerAuth()
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(401, 404)
  me(@CurrentUser() user: AuthUser) {
    return this.identity.me(user);
  }

  @Get('organisations')
  @ApiTags('organisations')
  @ApiBearerAuth()
  @ApiOperation({ summary: '机构列表（委机关、质控中心等）' })
  @ApiOkResponse({ type: [OrganisationResponse] })
  @ApiProblems(401)
  organisations() {
    return this.identity.organisations();
  }
}
