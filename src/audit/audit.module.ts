import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service.js';

/** The audit log: written in every act's transaction; read through the campaign views. */
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
