import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { DeadlineScheduler } from './deadline-scheduler.service.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersService } from './reminders.service.js';

/** Timers in the database, the scheduler that fires them, and 催办. */
@Module({ imports: [WorkflowModule], controllers: [RemindersController], providers: [DeadlineScheduler, RemindersService], exports: [DeadlineScheduler] })
export class DeadlinesModule {}
