import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { DeadlineScheduler } from './deadline-scheduler.service.js';
import { Reminders } from './reminders.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersService } from './reminders.service.js';

/** Fires what falls due (deadlines, the 催办 ladder, the summary), once, in every instance; and staff's own 催办. */
@Module({
  imports: [AssignmentsModule, AuditModule, DeadlinesModule, IdentityModule, NoticesModule, OutboxModule],
  controllers: [RemindersController],
  providers: [DeadlineScheduler, Reminders, RemindersService],
  exports: [DeadlineScheduler],
})
export class SchedulerModule {}
