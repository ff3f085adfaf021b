import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { CurrentUser, Public, type AuthUser } from '../common/current-user.js';
import { IdentityService } from './identity.service.js';
import { LoginRequestDto } from './login.request.dto.js';

@Controller()
export class IdentityController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: LoginRequestDto) {
    return this.identity.login(body.username, body.password);
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return this.identity.me(user);
  }

  @Get('organisations')
  organisations() {
    return this.identity.organisations();
  }
}
