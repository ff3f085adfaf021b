import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';
import { ReminderEntity, type Reminder } from './deadlines.entities.js';

/** The 催办 history of each assignment. */
@Injectable()
export class ReminderLog {
  async insert(sql: Sql, reminder: Reminder): Promise<void> {
    await sql.manager.getRepository(ReminderEntity).insert(reminder);
  }

  forAssignment(sql: Sql, assignmentId: string): Promise<Reminder[]> {
    return sql.manager.getRepository(ReminderEntity).find({ where: { assignmentId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
