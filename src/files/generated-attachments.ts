import { Inject, Injectable } from '@nestjs/common';
import { PdfRenderer } from '../documents/pdf-renderer.js';
import type { Notice } from '../notices/notice.entities.js';
import { FILE_TYPES, type FileType } from './file-types.js';

/** What a generator reads: the notice as it will be frozen, its ids already resolved to names. */
export interface GeneratorInput {
  /** The notice; numbered (docNumber, issuedAt) when generated at issue. */
  notice: Notice;
  issuerName: string;
  /** The title of the generator's line: the one the drafter wrote in the 附件说明, else the generator's default. */
  title: string;
  /** The goals of the division in catalogue order, each with its lead (牵头) and partner (协作) units by name. */
  goals: { code: string; title: string; leads: string[]; partners: string[] }[];
}

/**
 * An attachment the system makes from the notice itself. It takes its line
 * number (uploads cannot), is made on demand while the notice is a draft and
 * made again when the notice is issued, then frozen with it.
 */
export interface GeneratedAttachment {
  /** Stored with the file: which generator made it. */
  readonly key: string;
  /** Its line of the 附件说明 (附件2 …). */
  readonly no: number;
  readonly type: FileType;
  /** The title when the drafter wrote none for this line. */
  defaultTitle(notice: Notice): string;
  render(input: GeneratorInput): Promise<Uint8Array>;
}

/**
 * The generated attachments of every notice, in one list. 附件3 (the blank
 * strategy table from src/spreadsheets/) plugs in here as one more entry:
 *   { key: 'strategy-table', no: 3, type: FILE_TYPES.xlsx,
 *     defaultTitle: (n) => `${n.campaignYear}年度医疗质量安全改进目标实施（改进）策略表`,
 *     render: async (i) => blankStrategyTable(i.notice.campaignYear, i.goals) }
 */
@Injectable()
export class GeneratedAttachments {
  readonly all: readonly GeneratedAttachment[];

  constructor(@Inject(PdfRenderer) pdf: PdfRenderer) {
    this.all = [divisionAttachment(pdf)];
  }

  /** The generator that owns this line number, if any. */
  at(no: number): GeneratedAttachment | undefined {
    return this.all.find((g) => g.no === no);
  }
}

/** 附件2: the division of labour as a page in the notice's style. */
function divisionAttachment(pdf: PdfRenderer): GeneratedAttachment {
  return {
    key: 'division',
    no: 2,
    type: FILE_TYPES.pdf,
    defaultTitle: (notice) => `落实${notice.campaignYear}年国家医疗质量安全改进目标分工`,
    render: (input) =>
      pdf.renderDivision({
        label: '附件2',
        title: input.title,
        issuerName: input.issuerName,
        docNumber: input.notice.docNumber ?? '（未编号）',
        date: input.notice.issuedAt ?? input.notice.updatedAt,
        goals: input.goals,
      }),
  };
}
