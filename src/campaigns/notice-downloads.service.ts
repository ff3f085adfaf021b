import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { formatLocal } from '../common/beijing-time.js';
import { Clock } from '../common/clock.js';
import { XLSX_MEDIA_TYPE } from '../common/content-disposition.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { forbidden } from '../common/errors.js';
import { canonicalJson } from '../common/ids.js';
import { Db } from '../database/db.js';
import { MissingGlyphError } from '../documents/missing-glyph.error.js';
import { PdfRenderer, type RenditionsAhead } from '../documents/pdf-renderer.js';
import { Directory } from '../identity/directory.service.js';
import type { Organisation } from '../identity/identity.entities.js';
import { AssignmentReader } from '../assignments/assignment-reader.service.js';
import type { Assignment, SubmissionVersion } from '../assignments/assignment.entities.js';
import { SubmissionDocuments, type SubmissionFacts } from '../assignments/submission-documents.service.js';
import type { Notice } from '../notices/notice.entities.js';
import { RoundWorkbookWriter, type RoundEntry } from '../spreadsheets/round-workbook.writer.js';
import { StrategyWorkbooks } from '../spreadsheets/strategy-workbooks.service.js';
import { ASSIGNMENT_STATE_LABELS } from '../../workflows/assignment.machine.js';
import { CampaignsService } from './campaigns.service.js';
import { StreamedZip } from './streamed-zip.js';

/** A download written to the response as it is made: its name and type go out first, then `write`. */
export interface StreamedDownload {
  filename: string;
  type: string;
  write(out: Writable): Promise<void>;
}

/** Assignments read per database round trip: each page in its own short read, never the whole round at once. */
export const EXPORT_PAGE_SIZE = 200;

interface RoundPage {
  assignments: Assignment[];
  versions: Map<string, SubmissionVersion[]>;
  orgs: Map<string, Organisation>;
}

const ROLE_LABELS = { lead: '牵头', partner: '协作' } as const;

/** A name fit for a path inside the archive: no separators, control characters, `..` or leading dots. */
export function safePathPart(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f\\/:*?"<>|]/g, '_').replace(/\.{2,}/g, '_');
  return clean.replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 80) || '_';
}

/** A ZIP entry's time: the wall clock in the round's zone (ZIP times have no zone; archiver writes the UTC fields). */
const zipTime = (at: Date | string, timeZone: string): Date => new Date(`${formatLocal(at, timeZone).replace(' ', 'T')}Z`);

async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error('the client closed the connection');
  if (out.writableNeedDrain) await once(out, 'drain');
}

/**
 * What staff download of a notice: the blank 附件3 (anyone who may read the
 * notice), and the round's exports for the issuing commission: one workbook
 * of every center's latest submitted table, and one archive of every
 * version's table PDF, receipt PDF and JSON with a manifest of digests. Both
 * are streamed: the database is read a page at a time, rows and files leave
 * as they are made, PDFs are rendered one at a time (or read back from the
 * renderer's cache, which the mail relay has filled).
 */
@Injectable()
export class NoticeDownloads {
  private readonly logger = new Logger('NoticeDownloads');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
    @Inject(AssignmentReader) private readonly assignments: AssignmentReader,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(StrategyWorkbooks) private readonly workbooks: StrategyWorkbooks,
    @Inject(SubmissionDocuments) private readonly documents: SubmissionDocuments,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
  ) {}

  /** The notice's blank 附件3: one sheet per goal its division assigns. */
  async blankSheet(user: AuthUser, id: string): Promise<{ bytes: Buffer; filename: string }> {
    const notice = await this.campaigns.readable(user, id);
    return { bytes: await this.workbooks.blankForNotice(notice), filename: `附件3-${notice.docNumber ?? notice.title}.xlsx` };
  }

  async workbook(user: AuthUser, id: string): Promise<StreamedDownload> {
    const notice = await this.exportable(user, id);
    return { filename: `${notice.docNumber ?? notice.title}-策略表汇总.xlsx`, type: XLSX_MEDIA_TYPE, write: (out) => this.writeWorkbook(notice, out) };
  }

  async archive(user: AuthUser, id: string): Promise<StreamedDownload> {
    const notice = await this.exportable(user, id);
    return { filename: `${notice.docNumber ?? notice.title}-策略表全部版本.zip`, type: 'application/zip', write: (out) => this.writeArchive(notice, out) };
  }

  /** The issuing commission's staff and leaders (and administrators); others who may read the notice get 403. */
  private async exportable(user: AuthUser, id: string): Promise<Notice> {
    const notice = await this.campaigns.readable(user, id);
    if (!hasRole(user, 'admin') && !(notice.issuerId === user.organisationId && hasRole(user, 'staff', 'leader'))) {
      throw forbidden('只有发文机关的工作人员可以导出全部策略表');
    }
    return notice;
  }

  /** The assignments of the notice that `keep` accepts, a page at a time, with their versions and organisations. */
  private async *pages(noticeId: string, keep: (a: Assignment) => boolean): AsyncGenerator<RoundPage> {
    for (let skip = 0; ; skip += EXPORT_PAGE_SIZE) {
      const page = await this.db.read(async (sql) => {
        const all = await this.assignments.slice(sql, { noticeId }, { skip, take: EXPORT_PAGE_SIZE });
        const kept = all.filter(keep);
        const versions = new Map<string, SubmissionVersion[]>();
        for (const v of await this.assignments.versionsOf(
          sql,
          kept.map((a) => a.id),
        )) {
          versions.set(v.assignmentId, [...(versions.get(v.assignmentId) ?? []), v]);
        }
        const orgs = await this.directory.organisationsByIds(
          sql,
          kept.map((a) => a.organisationId),
        );
        return { size: all.length, page: { assignments: kept, versions, orgs } };
      });
      if (page.page.assignments.length > 0) yield page.page;
      if (page.size < EXPORT_PAGE_SIZE) return;
    }
  }

  private entry(notice: Notice, a: Assignment, page: RoundPage, goalCode: string | null): RoundEntry {
    const org = page.orgs.get(a.organisationId);
    const versions = page.versions.get(a.id) ?? [];
    const latest = versions.at(-1);
    const goal = goalCode ? a.goals.find((g) => g.code === goalCode) : undefined;
    return {
      center: { code: org?.code ?? '', name: org?.name ?? a.organisationId },
      role: goal ? ROLE_LABELS[goal.role] : a.goals.map((g) => `${g.code}（${ROLE_LABELS[g.role]}）`).join('、'),
      state: ASSIGNMENT_STATE_LABELS[a.state] ?? a.state,
      submitted: latest
        ? {
            version: latest.version,
            versions: versions.length,
            at: formatLocal(latest.submittedAt, notice.timeZone),
            late: versions[0].late,
            receiptNo: latest.receiptNo,
            table: latest.table,
          }
        : null,
      deadline: formatLocal(a.deadline, notice.timeZone),
    };
  }

  private async writeWorkbook(notice: Notice, out: Writable): Promise<void> {
    const layout = this.workbooks.layoutOf(this.workbooks.schemaOf(notice));
    const zone = notice.timeZone === 'Asia/Shanghai' ? '北京时间' : notice.timeZone;
    const writer = new RoundWorkbookWriter(out, layout, `${notice.docNumber ?? ''}《${notice.title}》`, zone);
    writer.beginSummary();
    for await (const page of this.pages(notice.id, () => true)) {
      for (const a of page.assignments) writer.addSummary(this.entry(notice, a, page, null));
      await drained(out);
    }
    for (const goal of this.workbooks.goals(notice.division.flatMap((d) => d.goalCodes))) {
      writer.beginGoal(goal);
      for await (const page of this.pages(notice.id, (a) => a.goals.some((g) => g.code === goal.code))) {
        for (const a of page.assignments) writer.addGoal(goal.code, this.entry(notice, a, page, goal.code));
        await drained(out);
      }
    }
    await writer.commit();
    await finished(out);
  }

  private async writeArchive(notice: Notice, out: Writable): Promise<void> {
    const zip = new StreamedZip(out);
    const versions: Record<string, unknown>[] = [];
    for await (const page of this.pages(notice.id, () => true)) {
      const inPage = page.assignments.flatMap((a) => {
        const org = page.orgs.get(a.organisationId);
        const folder = `${safePathPart(org?.code ?? a.organisationId)}-${safePathPart(org?.name ?? '')}`;
        return (page.versions.get(a.id) ?? []).map((v) => ({
          a,
          v,
          org,
          folder,
          facts: this.documents.factsOf(notice, a, v, org?.name ?? '', org?.email ?? null),
        }));
      });
      // The page's PDFs already rendered (by the relay, or an earlier export) come in one read, not one per document.
      const ahead = await this.pdf.readAhead({ receipts: inPage.map((e) => e.facts.receipt), tables: inPage.map((e) => e.facts.tableData) });
      for (const { a, v, org, folder, facts } of inPage) {
        await this.addVersion(zip, notice, a, v, facts, ahead, `${folder}/v${v.version}`);
        versions.push({
          center: { code: org?.code ?? '', name: org?.name ?? '' },
          assignmentId: a.id,
          version: v.version,
          receiptNo: v.receiptNo,
          submittedAt: formatLocal(v.submittedAt, notice.timeZone),
          late: v.late,
          tableSha256: v.sha256,
          folder: `${folder}/v${v.version}`,
        });
      }
    }
    const manifest = {
      notice: { id: notice.id, docNumber: notice.docNumber, title: notice.title },
      generatedAt: formatLocal(this.clock.now(), notice.timeZone),
      timeZone: notice.timeZone,
      files: zip.files.map((f) => ({ ...f })),
      versions,
    };
    await zip.add('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)), zipTime(this.clock.now(), notice.timeZone));
    await zip.finish();
  }

  /** One version's three files. A PDF the font cannot draw (a rare character in a name) is replaced by a note saying why; the archive goes on. */
  private async addVersion(
    zip: StreamedZip,
    notice: Notice,
    a: Assignment,
    v: SubmissionVersion,
    facts: SubmissionFacts,
    ahead: RenditionsAhead,
    base: string,
  ): Promise<void> {
    const at = zipTime(v.submittedAt, notice.timeZone);
    const pdf = async (name: string, render: () => Promise<Uint8Array>) => {
      try {
        const bytes = await render();
        await zip.add(`${base}/${name}.pdf`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), at, true);
      } catch (error) {
        if (!(error instanceof MissingGlyphError)) throw error;
        this.logger.warn({ message: 'PDF not rendered for the export', assignmentId: a.id, version: v.version, error: String(error) });
        await zip.add(`${base}/${name}.未能生成.txt`, Buffer.from(`未能生成 PDF：${(error as Error).message}\n`), at);
      }
    };
    await pdf(`策略表-第${v.version}版`, () => this.pdf.renderTable(facts.tableData, ahead));
    await pdf(`回执-${safePathPart(v.receiptNo)}`, () => this.pdf.renderReceipt(facts.receipt, ahead));
    // The table as it was frozen, in canonical JSON: its sha256 is the one on the receipt.
    await zip.add(`${base}/策略表-第${v.version}版.json`, Buffer.from(canonicalJson(v.table)), at);
  }
}
