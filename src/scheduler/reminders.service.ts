import { Inject, Injectable } from '@nestjs/common';
import { AWAITING_SUBMISSION } from '../../workflows/assignment.machine.js';
import { Db } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { DomainError, forbidden, notFound, validationFailed } from '../common/errors.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { newId } from '../common/ids.js';
import { toOffsetIso } from '../common/beijing-time.js';
import { Directory } from '../identity/directory.service.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import { AssignmentReader } from '../assignments/assignment-reader.service.js';
import { Reminders } from './reminders.js';

/** Staff's own 催办: a message to one center, or to every center that still owes its table. */
/** Who may send a 催办 by hand (checked here and, before the body, on the route). */
export const REMINDING_IS_FOR_STAFF = '只有委医政医管处工作人员可以催办';

@Injectable()
export class RemindersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(AssignmentReader) private readonly assignments: AssignmentReader,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Reminders) private readonly reminders: Reminders,
  ) {}

  async send(user: AuthUser, noticeId: string, body: { message: string; assignmentId?: string }) {
    if (!hasRole(user, 'staff')) throw forbidden(REMINDING_IS_FOR_STAFF);
    const message = body.message.trim();
    if (!message) throw validationFailed('请填写催办内容', [{ field: 'message', message: '请填写催办内容' }]);
    return this.db.tx(async (sql) => {
      const notice = await this.notices.head(sql, noticeId);
      if (!notice || notice.issuerId !== user.organisationId) throw notFound('公文');
      if (notice.state !== 'issued') throw new DomainError('INVALID_TRANSITION', '只有已印发、收集中的公文可以催办');
      const all = await this.assignments.list(sql, { noticeId });
      const targets = body.assignmentId ? all.filter((a) => a.id === body.assignmentId) : all.filter((a) => AWAITING_SUBMISSION.includes(a.state));
      if (body.assignmentId && targets.length === 0) throw notFound('任务');
      const at = this.clock.now().toISOString();
      for (const a of targets) {
        const reminderKey = newId();
        await this.reminders.send(
          sql,
          { assignmentId: a.id, noticeId, organisationId: a.organisationId, deadline: a.deadline },
          {
            kind: 'manual',
            label: '人工催办',
            message,
            actorId: user.id,
            actorOrgId: user.organisationId,
            at,
            dedupeKey: `manual-reminder:${reminderKey}`,
          },
        );
      }
      const orgs = await this.directory.organisationsByIds(
        sql,
        targets.map((a) => a.organisationId),
      );
      return {
        sent: targets.length,
        at: toOffsetIso(at, notice.timeZone),
        centers: targets.map((a) => ({ assignmentId: a.id, organisation: orgs.get(a.organisationId)?.name ?? a.organisationId, state: a.state })),
      };
    });
  }
}
