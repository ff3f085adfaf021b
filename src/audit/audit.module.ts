import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { REFUSAL_LISTENER } from '../common/refusal-listener.js';
import { AccessAudit } from './access-audit.js';
import { AuditLog } from './audit-log.service.js';
import { AuditVerifier } from './audit-verifier.service.js';
import { AuditController } from './audit.controller.js';

/**
 * The audit log: written in every act's transaction; read through the campaign views; verified as a hash chain.
 * Also records refused requests (told by the problem filter) and downloads (a global interceptor).
 */
@Module({
  controllers: [AuditController],
  providers: [
    AuditLog,
    AuditVerifier,
    AccessAudit,
    { provide: REFUSAL_LISTENER, useExisting: AccessAudit },
    { provide: APP_INTERCEPTOR, useExisting: AccessAudit },
  ],
  exports: [AuditLog, AuditVerifier, REFUSAL_LISTENER],
})
export class AuditModule {}
