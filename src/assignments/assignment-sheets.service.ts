import { Inject, Injectable } from '@nestjs/common';
import { ASSIGNMENT_EVENT_ROLES } from '../../workflows/assignment.machine.js';
import type { AuthUser } from '../common/current-user.js';
import { forbidden, validationFailed } from '../common/errors.js';
import { Db } from '../database/db.js';
import { Directory } from '../identity/directory.service.js';
import { StrategyWorkbooks } from '../spreadsheets/strategy-workbooks.service.js';
import { AssignmentsService } from './assignments.service.js';
import type { UploadDraftRequestDto } from './upload-draft.request.dto.js';

/** The uploaded file as multer holds it in memory. */
export interface UploadedXlsx {
  buffer: Buffer;
  size: number;
}

/**
 * A center's 附件3 as a spreadsheet: its own copy to download (its goals, its
 * draft filled in), and a filled one uploaded and saved as the draft through
 * the same draft-saving act as the form.
 */
@Injectable()
export class AssignmentSheets {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(StrategyWorkbooks) private readonly workbooks: StrategyWorkbooks,
  ) {}

  async download(user: AuthUser, id: string): Promise<{ bytes: Buffer; filename: string }> {
    const { notice, assignment } = await this.assignments.visible(user, id);
    const org = await this.db.read((sql) => this.directory.organisation(sql, assignment.organisationId));
    const center = { code: org?.code ?? '', name: org?.name ?? assignment.organisationId };
    const bytes = await this.workbooks.forCenter(notice, {
      assignmentId: assignment.id,
      center,
      goalCodes: assignment.goals.map((g) => g.code),
      draft: assignment.draft,
    });
    return { bytes, filename: `附件3-${center.name}-${notice.docNumber ?? notice.title}.xlsx` };
  }

  /**
   * Reads the workbook into the JSON table and saves it as the draft, answering
   * as `PUT …/draft` does. Who may see the assignment, and who may save its
   * draft, is settled before the file is read: another center gets 404 for
   * any file. Nothing is stored unless the whole workbook reads cleanly.
   */
  async upload(user: AuthUser, id: string, file: UploadedXlsx | undefined, body: UploadDraftRequestDto, idempotencyKey?: string) {
    const { notice, assignment, actingRoles } = await this.assignments.visible(user, id);
    if (!ASSIGNMENT_EVENT_ROLES.SAVE_DRAFT.some((r) => r !== 'system' && actingRoles.includes(r))) {
      throw forbidden('只有承担该任务的质控中心可以上传附件3');
    }
    if (!file || file.size === 0) {
      throw validationFailed('请选择填好的附件3（.xlsx）上传，表单字段名为 file', [{ field: 'file', message: '请选择文件' }]);
    }
    const table = await this.workbooks.readUpload(file.buffer, notice, assignment.id);
    return this.assignments.saveDraft(user, id, { table, version: body.version }, idempotencyKey);
  }
}
