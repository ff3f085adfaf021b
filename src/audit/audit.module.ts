import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service.js';
import { AuditVerifier } from './audit-verifier.service.js';
import { AuditController } from './audit.controller.js';

/** The audit log: written in every act's transaction; read through the campaign views; verified as a hash chain. */
@Module({ controllers: [AuditController], providers: [AuditLog, AuditVerifier], exports: [AuditLog, AuditVerifier] })
export class AuditModule {}
