import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { IdentityController } from './identity.controller.js';
import { IdentityService } from './identity.service.js';
import { IdentityRepository } from './identity.repository.js';
import { Directory } from './directory.service.js';
import { TokenService } from './token.service.js';

@Module({
  controllers: [IdentityController],
  providers: [TokenService, IdentityService, IdentityRepository, Directory, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, IdentityService, Directory],
})
export class IdentityModule {}
