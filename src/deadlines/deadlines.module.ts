import { Module } from '@nestjs/common';
import { ReminderLog } from './reminder-log.service.js';
import { Timers } from './timers.service.js';

/** Timers and the 催办 history in the database; the working-day calendar and the planning of deadlines. */
@Module({ providers: [Timers, ReminderLog], exports: [Timers, ReminderLog] })
export class DeadlinesModule {}
