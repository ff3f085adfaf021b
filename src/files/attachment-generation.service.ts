import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, validationFailed } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { isUniqueViolation, type Sql } from '../database/db.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { Directory } from '../identity/directory.service.js';
import type { Attachment, Notice } from '../notices/notice.entities.js';
import type { StoredAttachment } from './attachment.entities.js';
import { AttachmentRepository, type AttachmentRow } from './attachment.repository.js';
import { titleOf, withFileLine } from './attachment-lines.js';
import { safeFileName } from './file-names.js';
import { GeneratedAttachments, type GeneratorInput } from './generated-attachments.js';

/** Makes the generated attachments of a notice (附件2 …) and stores them in place of the previous ones. */
@Injectable()
export class AttachmentGeneration {
  constructor(
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(GeneratedAttachments) private readonly generators: GeneratedAttachments,
    @Inject(AttachmentRepository) private readonly repository: AttachmentRepository,
  ) {}

  /**
   * Every generated attachment made from the notice as it stands and stored, in
   * the caller's transaction; answers the notice's new 附件说明 and the files
   * made. Rendered inside the transaction on purpose: what is stored is made from
   * exactly the division this transaction read (a page takes tens of milliseconds).
   */
  async generate(sql: Sql, notice: Notice, at: string, actorId: string | null): Promise<{ lines: Attachment[]; made: StoredAttachment[] }> {
    const existing = await this.repository.list(sql, notice.id);
    const input = await this.input(sql, notice);
    let lines = notice.attachments;
    const made: StoredAttachment[] = [];
    for (const generator of this.generators.all) {
      const current = existing.find((e) => e.no === generator.no);
      if (current && current.generator === null) {
        throw validationFailed(`附件${generator.no}已上传文件，与系统生成的附件冲突，请先删除该文件`, [
          { field: 'number', message: `附件${generator.no}由系统生成` },
        ]);
      }
      const title = titleOf(lines, generator.no) ?? generator.defaultTitle(notice);
      const content = Buffer.from(await generator.render({ ...input, title }));
      const row = {
        id: current?.id ?? newId(),
        noticeId: notice.id,
        no: generator.no,
        fileName: safeFileName(`附件${generator.no}-${title.replace(/[/\\]/g, '_')}`, generator.type, `附件${generator.no}`),
        contentType: generator.type.contentType,
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        generator: generator.key,
        createdBy: actorId,
        createdAt: current?.createdAt ?? at,
        updatedAt: at,
      };
      await this.write(sql, current !== undefined, { ...row, content });
      lines = withFileLine(lines, generator.no, title, row.id);
      made.push(row);
    }
    return { lines, made };
  }

  private async write(sql: Sql, exists: boolean, row: AttachmentRow): Promise<void> {
    if (exists) return this.repository.replace(sql, row);
    try {
      await this.repository.insert(sql, row);
    } catch (error) {
      // Another transaction made this line first (two clicks, two instances): the later one retries on fresh data.
      if (isUniqueViolation(error)) throw new DomainError('VERSION_CONFLICT', '附件正由他人同时生成，请刷新后重试');
      throw error;
    }
  }

  /** The line numbers the generators own: an upload cannot take them. */
  reservedNumbers(): number[] {
    return this.generators.all.map((g) => g.no);
  }

  isGenerated(no: number): boolean {
    return this.generators.at(no) !== undefined;
  }

  /** The notice with its ids resolved: the issuer's name, each goal's title, lead and partner units by name. */
  private async input(sql: Sql, notice: Notice): Promise<Omit<GeneratorInput, 'title'>> {
    const issuer = await this.directory.organisation(sql, notice.issuerId);
    const orgs = await this.directory.organisationsByIds(
      sql,
      notice.division.map((e) => e.organisationId),
    );
    const codes = [...new Set(notice.division.flatMap((e) => e.goalCodes))].sort();
    const units = (code: string, role: 'lead' | 'partner') =>
      notice.division.filter((e) => e.role === role && e.goalCodes.includes(code)).map((e) => orgs.get(e.organisationId)?.name ?? e.organisationId);
    return {
      notice,
      issuerName: issuer?.name ?? '',
      goals: codes.map((code) => ({ code, title: this.catalogue.goal(code)?.title ?? code, leads: units(code, 'lead'), partners: units(code, 'partner') })),
    };
  }
}
