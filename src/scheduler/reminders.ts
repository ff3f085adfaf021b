import { Inject, Injectable } from '@nestjs/common';
import { newId } from '../common/ids.js';
import type { Sql } from '../database/db.js';
import { AuditLog } from '../audit/audit-log.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { ReminderLog } from '../deadlines/reminder-log.service.js';

export interface ReminderTarget {
  assignmentId: string;
  noticeId: string;
  organisationId: string;
  deadline: string;
}

export interface ReminderAct {
  kind: 'ladder' | 'manual';
  label: string;
  message: string | null;
  actorId: string | null;
  actorOrgId?: string | null;
  at: string;
  dedupeKey: string;
}

/** One 催办, by the ladder or by staff: history row, audit row and mail, in the caller's transaction. */
@Injectable()
export class Reminders {
  constructor(
    @Inject(ReminderLog) private readonly log: ReminderLog,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async send(sql: Sql, target: ReminderTarget, r: ReminderAct): Promise<void> {
    const id = newId();
    await this.log.insert(sql, {
      id,
      assignmentId: target.assignmentId,
      noticeId: target.noticeId,
      kind: r.kind,
      label: r.label,
      message: r.message,
      actorId: r.actorId,
      deadline: target.deadline,
      at: r.at,
    });
    await this.audit.append(sql, [
      {
        at: r.at,
        actorId: r.actorId,
        actorOrgId: r.actorOrgId ?? null,
        entity: 'assignment',
        entityId: target.assignmentId,
        event: 'REMIND',
        kind: 'assignment.reminded',
        from: null,
        to: null,
        payload: { label: r.label, message: r.message },
        detail: { kind: r.kind, label: r.label },
      },
    ]);
    await this.outbox.enqueue(
      sql,
      [
        {
          dedupeKey: r.dedupeKey,
          kind: 'mail.reminder',
          payload: { assignmentId: target.assignmentId, noticeId: target.noticeId, organisationId: target.organisationId, reminderId: id },
        },
      ],
      r.at,
    );
  }
}
