import { Inject, Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';
import type { Page, Paged } from '../common/paging.js';
import type { Assignment, Review, SubmissionVersion } from './assignment.entities.js';
import { AssignmentRepository, type AssignmentFilter } from './assignment.repository.js';

/** What other modules may read of assignments: the assignments module's read port. */
@Injectable()
export class AssignmentReader {
  constructor(@Inject(AssignmentRepository) private readonly repository: AssignmentRepository) {}

  find(sql: Sql, id: string): Promise<Assignment | undefined> {
    return this.repository.findForEvent(sql, id);
  }

  list(sql: Sql, filter: AssignmentFilter): Promise<Assignment[]> {
    return this.repository.list(sql, filter);
  }

  listPage(sql: Sql, filter: AssignmentFilter, page: Page): Promise<Paged<Assignment>> {
    return this.repository.listPage(sql, filter, page);
  }

  slice(sql: Sql, filter: AssignmentFilter, page: Page): Promise<Assignment[]> {
    return this.repository.slice(sql, filter, page);
  }

  /** One page of a notice's assignments in the order of their organisations' codes. */
  byOrganisationCode(sql: Sql, noticeId: string, page: Page): Promise<Assignment[]> {
    return this.repository.byOrganisationCode(sql, noticeId, page);
  }

  tally(sql: Sql, noticeId: string, now: string) {
    return this.repository.tally(sql, noticeId, now);
  }

  versionsOf(sql: Sql, assignmentIds: string[]): Promise<SubmissionVersion[]> {
    return this.repository.versionsOf(sql, assignmentIds);
  }

  noticeIds(sql: Sql, by: { organisationId?: string; reviewerId?: string }): Promise<string[]> {
    return this.repository.noticeIds(sql, by);
  }

  idsOfNotice(sql: Sql, noticeId: string): Promise<string[]> {
    return this.repository.idsOfNotice(sql, noticeId);
  }

  byIds(sql: Sql, ids: string[]): Promise<Assignment[]> {
    return this.repository.byIds(sql, ids);
  }

  /** Which of these assignments were given to this reviewer. */
  reviewedBy(sql: Sql, ids: string[], userId: string): Promise<Set<string>> {
    return this.repository.reviewedBy(sql, ids, userId);
  }

  versions(sql: Sql, assignmentId: string): Promise<SubmissionVersion[]> {
    return this.repository.versions(sql, assignmentId);
  }

  versionsOfNotice(sql: Sql, noticeId: string): Promise<SubmissionVersion[]> {
    return this.repository.versionsOfNotice(sql, noticeId);
  }

  reviews(sql: Sql, assignmentId: string): Promise<Review[]> {
    return this.repository.reviews(sql, assignmentId);
  }
}
