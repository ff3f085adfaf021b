import { Inject, Injectable } from '@nestjs/common';
import { CatalogueService, type JsonSchema } from '../catalogue/catalogue.service.js';
import { DomainError, validationFailed, type FieldError } from '../common/errors.js';
import { buildStrategyWorkbook } from './strategy-workbook.builder.js';
import { assertXlsx, loadWorkbook, located, readStrategyWorkbook, type WorkbookReading } from './strategy-workbook.reader.js';
import { tableLayout, type TableLayout } from './table-layout.js';
import { LAYOUT_VERSION, readMarker, schemaDigest, type TemplateMarker } from './template-marker.js';

/**
 * What 附件3 needs of a notice. A `Notice` of the notices module fits as it
 * is; the type is spelled out here so that this module depends on no other
 * module's tables (the notice's attachments can use it without a cycle).
 */
export interface NoticeSheetSource {
  id: string;
  docNumber: string | null;
  title: string;
  campaignYear: number;
  tableTemplate: string;
  /** Frozen at issue; before that the catalogue's template of the same key is used. */
  tableSchema: JsonSchema | null;
  /** The division of labour (附件2): the goals the notice assigns. */
  division?: { goalCodes: string[] }[];
}

/** The center an own copy is made for, with the assignment's goals and its draft. */
export interface CenterSheetSource {
  assignmentId: string;
  center: { code: string; name: string };
  goalCodes: string[];
  draft: Record<string, unknown> | null;
}

/** `table.goals[0].measures[1].milestone` → the value there. */
function valueAt(root: Record<string, unknown>, path: string): unknown {
  const steps = path.match(/[^.[\]]+/g) ?? [];
  let value: unknown = { table: root };
  for (const step of steps) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  return value;
}

/**
 * The reason of a message of the template's validator (`目标2022-01 的"责任人"：不能超过 50 个字`):
 * what follows the place, which is titles in quotes, goal codes and item numbers.
 */
const reasonOf = (message: string): string => message.replace(/^(?:[^"：]|"[^"]*")*：/, '');

function refusal(errors: FieldError[]): DomainError {
  const n = errors.length;
  return validationFailed(`附件3有${n}处需要修改：${errors[0].message}${n > 1 ? ' 等' : ''}`, errors);
}

/**
 * 附件3, the strategy table as a spreadsheet: the blank one of a notice, a
 * center's own prefilled copy, and a filled one read back into the JSON table.
 */
@Injectable()
export class StrategyWorkbooks {
  private readonly layouts = new WeakMap<JsonSchema, TableLayout>();

  constructor(@Inject(CatalogueService) private readonly catalogue: CatalogueService) {}

  schemaOf(notice: NoticeSheetSource): JsonSchema {
    return notice.tableSchema ?? this.catalogue.tableTemplate(notice.tableTemplate);
  }

  layoutOf(schema: JsonSchema): TableLayout {
    let layout = this.layouts.get(schema);
    if (!layout) {
      layout = tableLayout(schema);
      this.layouts.set(schema, layout);
    }
    return layout;
  }

  /** Goal codes with their titles, in catalogue order. */
  goals(codes: Iterable<string>): { code: string; title: string }[] {
    return [...new Set(codes)].sort().map((code) => ({ code, title: this.catalogue.goal(code)?.title ?? '' }));
  }

  /**
   * The notice's blank 附件3 (.xlsx bytes): one sheet per goal its division
   * assigns (every goal of the campaign year while it assigns none yet).
   */
  blankForNotice(notice: NoticeSheetSource): Promise<Buffer> {
    const assigned = (notice.division ?? []).flatMap((d) => d.goalCodes);
    const codes = assigned.length > 0 ? assigned : this.catalogue.goals(notice.campaignYear).goals.map((g) => g.code);
    return buildStrategyWorkbook({ notice, schema: this.schemaOf(notice), goals: this.goals(codes) });
  }

  /** A center's own 附件3: the goals of its assignment, prefilled with its draft. */
  forCenter(notice: NoticeSheetSource, source: CenterSheetSource): Promise<Buffer> {
    return buildStrategyWorkbook({
      notice,
      schema: this.schemaOf(notice),
      goals: this.goals(source.goalCodes),
      center: { ...source.center, assignmentId: source.assignmentId },
      draft: source.draft,
    });
  }

  /**
   * A filled 附件3 uploaded to an assignment, as its JSON table. Refuses a file
   * that is not an .xlsx workbook (UNSUPPORTED_MEDIA_TYPE), one we did not make
   * for this notice and template (NOT_OUR_TEMPLATE), and values the template
   * rejects (VALIDATION_FAILED, each naming its sheet, row and column). What a
   * draft may still lack (a required cell left empty) is left to submission.
   */
  async readUpload(bytes: Buffer, notice: NoticeSheetSource, assignmentId: string): Promise<Record<string, unknown>> {
    assertXlsx(bytes);
    const workbook = await loadWorkbook(bytes);
    const schema = this.schemaOf(notice);
    const marker = this.checkMarker(readMarker(workbook), notice, schema, assignmentId);
    const reading = readStrategyWorkbook(workbook, marker, this.layoutOf(schema));
    // A sheet whose layout was changed is not read further: its cells would be taken for the wrong columns.
    const layoutProblems = reading.problems.filter((p) => p.field === 'file');
    if (layoutProblems.length > 0) throw refusal(layoutProblems);
    if (reading.cells.size === 0 && reading.problems.length === 0) {
      throw validationFailed('附件3中没有填写任何内容', [{ field: 'file', message: '附件3中没有填写任何内容' }]);
    }
    // Every cell to change, at once: those not readable as their column's kind, then those the template rejects.
    const unreadable = new Set(reading.problems.map((p) => p.field));
    const errors = [...reading.problems, ...this.valueErrors(schema, reading).filter((e) => !unreadable.has(e.field))];
    if (errors.length > 0) throw refusal(errors);
    return reading.table;
  }

  private checkMarker(marker: TemplateMarker | null, notice: NoticeSheetSource, schema: JsonSchema, assignmentId: string): TemplateMarker {
    const fail = (detail: string) => new DomainError('NOT_OUR_TEMPLATE', detail, { errors: [{ field: 'file', message: detail }] });
    if (!marker) throw fail('这不是本系统生成的附件3：请先在系统中下载附件3，填写后再上传');
    if (marker.layout !== LAYOUT_VERSION) throw fail('该附件3由旧版本的系统生成，请重新下载附件3后填写');
    if (marker.noticeId !== notice.id) {
      throw fail(`这是另一份通知（${marker.docNumber || '未印发'}）的附件3，请下载本通知（${notice.docNumber ?? notice.title}）的附件3后填写`);
    }
    if (marker.template !== notice.tableTemplate || marker.schemaDigest !== schemaDigest(schema)) {
      throw fail('该附件3所用的策略表模板与本通知的模板不一致，请重新下载附件3后填写');
    }
    if (marker.assignmentId !== null && marker.assignmentId !== assignmentId) throw fail('这是为其他单位生成的附件3，请下载本单位的附件3后填写');
    return marker;
  }

  /**
   * The template's own validator (the one a submission passes, with its
   * Chinese reasons) on the table read; each error on a value the workbook
   * holds is told at its cell. Errors on what is absent (a required cell, an
   * empty list) wait for submission, as they do for a draft saved by the form.
   */
  private valueErrors(schema: JsonSchema, reading: WorkbookReading): FieldError[] {
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    for (const { field, message } of this.catalogue.validateTable(schema, reading.table)) {
      if (seen.has(field)) continue;
      seen.add(field);
      const cell = reading.cells.get(field);
      const list = reading.lists.get(field);
      const value = valueAt(reading.table, field);
      if (cell) errors.push(located(cell, field, reasonOf(message)));
      else if (list && Array.isArray(value) && value.length > 0) errors.push(located(list, field, reasonOf(message)));
    }
    return errors;
  }
}
