import type { Sql, Statement } from '../database/db.js';

/** One 催办 sent to a center: by the ladder or by staff. */
export interface Reminder {
  id: string;
  assignmentId: string;
  noticeId: string;
  kind: 'ladder' | 'manual';
  label: string;
  message: string | null;
  actorId: string | null;
  deadline: string;
  at: string;
}

interface ReminderRow {
  id: string;
  assignment_id: string;
  notice_id: string;
  kind: Reminder['kind'];
  label: string;
  message: string | null;
  actor_id: string | null;
  deadline: string;
  at: string;
}

export const reminderRepository = {
  insertStatement(r: Reminder): Statement {
    return {
      text: 'INSERT INTO reminders (id, assignment_id, notice_id, kind, label, message, actor_id, deadline, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      params: [r.id, r.assignmentId, r.noticeId, r.kind, r.label, r.message, r.actorId, r.deadline, r.at],
    };
  },
  async insert(sql: Sql, r: Reminder): Promise<void> {
    const { text, params } = reminderRepository.insertStatement(r);
    await sql.exec(text, params);
  },
  async forAssignment(sql: Sql, assignmentId: string): Promise<Reminder[]> {
    const rows = await sql.many<ReminderRow>('SELECT * FROM reminders WHERE assignment_id = $1 ORDER BY at, id', [assignmentId]);
    return rows.map((r) => ({
      id: r.id,
      assignmentId: r.assignment_id,
      noticeId: r.notice_id,
      kind: r.kind,
      label: r.label,
      message: r.message,
      actorId: r.actor_id,
      deadline: r.deadline,
      at: r.at,
    }));
  },
};
