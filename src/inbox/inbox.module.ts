import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { InboxController } from './inbox.controller.js';
import { InboxRepository } from './inbox.repository.js';
import { InboxService } from './inbox.service.js';

/** 待办 and 已办: what each person must act on now, and what they did. Reads only; every write is its owners'. */
@Module({
  imports: [AssignmentsModule, AuditModule, IdentityModule, NoticesModule],
  controllers: [InboxController],
  providers: [InboxRepository, InboxService],
})
export class InboxModule {}
