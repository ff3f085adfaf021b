import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import type { Sql } from '../database/db.js';
import { Sequences } from '../database/sequences.js';
import { AuditLog } from '../audit/audit-log.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { Timers } from '../deadlines/timers.service.js';
import type { Assignment, SubmissionVersion } from './assignment.entities.js';
import type { AssignmentPlan, FrozenVersion } from './assignment-transition.js';

/** Compare-and-set on the row version: of two writers that read the same version, one wins. */
const UPDATE = `UPDATE assignments SET state = $1, snapshot = $2, deadline = $3, updated_at = $4, version = version + 1, submitted_versions = $7
  WHERE id = $5 AND version = $6`;
const UPDATE_WITH_DRAFT = `UPDATE assignments SET state = $1, snapshot = $2, deadline = $3, updated_at = $4, version = version + 1, submitted_versions = $7,
  draft = $8, draft_updated_at = $9
  WHERE id = $5 AND version = $6`;
const INSERT_REVIEW = 'INSERT INTO reviews (id, assignment_id, version, kind, text, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)';
const INSERT_VERSION = `INSERT INTO submission_versions
  (id, assignment_id, notice_id, version, table_json, sha256, submitted_at, deadline, late, receipt_no, receipt_seq, submitted_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
/**
 * PostgreSQL: the next receipt number taken (Sequences.next's upsert) and the version frozen with it in ONE
 * statement. The notice's counter row is locked from this statement until commit and every submission of the
 * notice waits for it, so each round trip made while holding it costs the whole notice's throughput.
 * The number is padded as receiptNo() pads it: four digits at least, never cut.
 */
const FREEZE_WITH_RECEIPT = `WITH seq AS (
    INSERT INTO counters (key, value) VALUES ($11, 1) ON CONFLICT (key) DO UPDATE SET value = counters.value + 1 RETURNING value)
  INSERT INTO submission_versions
    (id, assignment_id, notice_id, version, table_json, sha256, submitted_at, deadline, late, receipt_no, receipt_seq, submitted_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
    (SELECT $10 || lpad(value::text, greatest(4, length(value::text)), '0') FROM seq), (SELECT value FROM seq), $12)
  RETURNING receipt_seq`;

const receiptNo = (prefix: string, seq: number) => `${prefix}${String(seq).padStart(4, '0')}`;

export interface Committed {
  assignment: Assignment;
  version?: SubmissionVersion;
}

/**
 * Writes a planned assignment event in the caller's transaction: the
 * compare-and-set first (a lost race writes nothing and rolls back), then the
 * outbox rows, reviews, re-planned timers, the frozen version with the next
 * receipt number (the per-notice counter is a hot row, held until commit), and
 * last the audit row (the chain's head is hotter still: every act's). The same statements on both databases,
 * but for the receipt: one statement on PostgreSQL, where its row lock is held.
 */
@Injectable()
export class AssignmentStore {
  constructor(
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Timers) private readonly timers: Timers,
    @Inject(Sequences) private readonly sequences: Sequences,
  ) {}

  async commit(sql: Sql, plan: AssignmentPlan): Promise<Committed> {
    const { assignment: a, changes, at } = plan;
    const base = [changes.state, changes.snapshot, changes.deadline, at, a.id, a.version, changes.submittedVersions];
    const won = changes.draft
      ? await sql.exec(UPDATE_WITH_DRAFT, [...base, JSON.stringify(changes.draft.table), changes.draft.at])
      : await sql.exec(UPDATE, base);
    // A concurrent writer moved the row on since we read it: nothing of this act may be written.
    if (won !== 1) throw new DomainError('VERSION_CONFLICT', '该任务已被他人更新，请刷新后重试');
    await this.outbox.enqueue(sql, plan.outbox, at);
    for (const r of plan.reviews) await sql.exec(INSERT_REVIEW, [r.id, r.assignmentId, r.version, r.kind, r.text, r.actorId, r.at]);
    await this.timers.plan(sql, plan.timers, at);
    const version = plan.version && plan.receipt ? await this.freeze(sql, plan.version, plan.receipt) : undefined;
    // Last: the audit chain's head is one row for every instance, locked from here until commit.
    await this.audit.append(sql, [plan.audit]);
    const assignment: Assignment = {
      ...a,
      state: changes.state,
      snapshot: changes.snapshot,
      deadline: changes.deadline,
      ...(changes.draft ? { draft: changes.draft.table, draftUpdatedAt: changes.draft.at } : {}),
      version: a.version + 1,
      updatedAt: at,
    };
    return { assignment, version };
  }

  /** The frozen version with the notice's next receipt number: the last write of the act (the counter row is hot). */
  private async freeze(sql: Sql, v: FrozenVersion, receipt: NonNullable<AssignmentPlan['receipt']>): Promise<SubmissionVersion> {
    const columns = [v.id, v.assignmentId, v.noticeId, v.version, JSON.stringify(v.table), v.sha256, v.submittedAt, v.deadline, v.late];
    if (sql.dialect === 'postgres') {
      const row = await sql.one<{ receipt_seq: number | string }>(FREEZE_WITH_RECEIPT, [...columns, receipt.prefix, receipt.counterKey, v.submittedBy]);
      const seq = Number(row!.receipt_seq);
      return { ...v, receiptSeq: seq, receiptNo: receiptNo(receipt.prefix, seq) };
    }
    // SQLite has one writer at a time (and no writes inside WITH): two statements cost no waiting.
    const seq = await this.sequences.next(sql, receipt.counterKey);
    await sql.exec(INSERT_VERSION, [...columns, receiptNo(receipt.prefix, seq), seq, v.submittedBy]);
    return { ...v, receiptSeq: seq, receiptNo: receiptNo(receipt.prefix, seq) };
  }
}
