import { Inject, Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '../common/current-user.js';
import type { Sql } from '../database/db.js';
import type { NoticeHead } from '../notices/notice.entities.js';
import { AssignmentRepository } from './assignment.repository.js';

/**
 * Who may read a notice (and its attachments): the issuing commission's staff
 * and leaders, an administrator, and, once it is issued, each center and
 * reviewer with an assignment on it. Everyone else is told it does not exist.
 */
@Injectable()
export class NoticeAccess {
  constructor(@Inject(AssignmentRepository) private readonly assignments: AssignmentRepository) {}

  async mayRead(sql: Sql, user: AuthUser, notice: Pick<NoticeHead, 'id' | 'issuerId' | 'issuedAt'>): Promise<boolean> {
    // Drafts are for the issuer's staff and leaders; a reviewer of the same commission sees issued notices only.
    if (hasRole(user, 'admin') || (notice.issuerId === user.organisationId && hasRole(user, 'staff', 'leader'))) return true;
    if (notice.issuedAt === null) return false;
    const own = hasRole(user, 'center') ? { organisationId: user.organisationId } : hasRole(user, 'reviewer') ? { reviewerId: user.id } : null;
    return own !== null && (await this.assignments.listPage(sql, { noticeId: notice.id, ...own }, { skip: 0, take: 1 })).total > 0;
  }
}
