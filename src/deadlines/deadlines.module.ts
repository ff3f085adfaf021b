import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CalendarController } from './calendar.controller.js';
import { ReminderLog } from './reminder-log.service.js';
import { Timers } from './timers.service.js';
import { WorkingCalendars } from './working-calendars.service.js';

/** Timers and the 催办 history in the database; the working-day calendar and the planning of deadlines. */
@Module({
  imports: [AuditModule],
  controllers: [CalendarController],
  providers: [Timers, ReminderLog, WorkingCalendars],
  exports: [Timers, ReminderLog, WorkingCalendars],
})
export class DeadlinesModule {}
