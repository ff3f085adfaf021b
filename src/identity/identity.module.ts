import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { AuthGuard } from './auth.guard.js';
import { Directory } from './directory.service.js';
import { IdentityController } from './identity.controller.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsService } from './organisations.service.js';
import { PasswordHashGate } from './password-hash-gate.js';
import { PasswordPolicy } from './password-policy.js';
import { SessionRepository } from './session.repository.js';
import { SessionService } from './session.service.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';
import { SignInThrottle } from './sign-in-throttle.service.js';
import { TokenService } from './token.service.js';
import { ReviewersController, UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Who may do what: sign-in and sessions (the guard on every route), accounts and organisations. */
@Module({
  imports: [AuditModule],
  controllers: [IdentityController, OrganisationsController, UsersController, ReviewersController],
  providers: [
    TokenService,
    SessionRepository,
    SessionService,
    PasswordPolicy,
    PasswordHashGate,
    SignInThrottleRepository,
    SignInThrottle,
    IdentityService,
    IdentityRepository,
    UsersService,
    OrganisationsService,
    Directory,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SessionService, IdentityService, Directory],
})
export class IdentityModule {}
