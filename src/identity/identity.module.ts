import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { IdentityController } from './identity.controller.js';
import { IdentityService } from './identity.service.js';
import { TokenService } from './token.service.js';

@Module({
  controllers: [IdentityController],
  providers: [TokenService, IdentityService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, IdentityService],
})
export class IdentityModule {}
