/**
 * What the PDF renderer needs, already resolved by the caller (no ids, no
 * entities): the renderer is pure, so the same data always gives the same bytes.
 * Instants are ISO strings; each document names the zone its times are shown in.
 */

/** The receipt (回执) issued for one submitted version of a strategy table. */
export interface ReceiptData {
  receiptNo: string;
  noticeDocNumber: string;
  noticeTitle: string;
  centerName: string;
  goals: { code: string; title: string }[];
  version: number;
  /** ISO instant */
  submittedAt: string;
  /** IANA zone the times are shown in, e.g. Asia/Shanghai (北京时间) */
  timeZone: string;
  late: boolean;
  /** sha256 of the submitted table, hex */
  sha256: string;
  /** ISO instant: the effective deadline (with any extension) */
  deadline: string;
  /** ISO instant: the notice's deadline, when an extension moved this center's later; `late` is measured against it. */
  originalDeadline?: string;
}

/** A column of the strategy table: the template's `x-columns`. */
export interface TableColumn {
  /** `goalCode`, or `measures.measure`: one line per element of the `measures` array */
  key: string;
  title: string;
}

/** A submitted strategy table (附件3) as a landscape document. */
export interface TableData {
  templateTitle: string;
  columns: TableColumn[];
  centerName: string;
  noticeDocNumber: string;
  version: number;
  submittedAt: string;
  timeZone: string;
  /** goal code → title, to show each goal by name */
  goalTitles: Record<string, string>;
  table: {
    goals: Array<Record<string, unknown>>;
    contact: { name: string; phone: string; email?: string };
  };
}

/** A notice laid out as an official document (GB/T 9704-2012). */
export interface NoticeDocumentData {
  issuerName: string;
  docNumber: string;
  title: string;
  /** main recipients (主送机关) */
  recipients: string[];
  /** paragraphs separated by blank lines */
  body: string;
  attachments: { no: number; title: string }[];
  /** ISO instant: the date of the document (成文日期), the day the leader signed it (党政机关公文处理工作条例 第九条(十)) */
  signedAt: string;
  timeZone: string;
}

/** 附件2: the division of labour, one row per goal with its lead and partner units. */
export interface DivisionDocumentData {
  /** "附件2": printed at the top left of the first page (GB/T 9704-2012 8.1) */
  label: string;
  title: string;
  /** the issuing authority (the PDF's author) */
  issuerName: string;
  /** the notice's number, or a placeholder for a draft (the PDF's subject) */
  docNumber: string;
  /** ISO instant taken from the notice (never the clock): the PDF's dates */
  date: string;
  goals: {
    /** e.g. 2022-03: printed as 目标三 */
    code: string;
    title: string;
    leads: string[];
    partners: string[];
  }[];
}
