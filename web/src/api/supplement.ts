/**
 * What the server's OpenAPI document does not describe yet, written from the
 * answers the API gives today (../shared/api.md). contract.ts uses an entry only
 * while the generated schema.d.ts lacks that part: once the document describes a
 * request or a response, the generated type wins and the screens are checked
 * against it. Delete entries as the document grows; nothing else changes.
 */
import type { AssignmentEventType } from '@workflows/assignment.machine';
import type { NoticeEventType } from '@workflows/notice.machine';
import type { Role } from '@workflows/roles';

export interface Problem {
  type: string;
  title: string;
  status: number;
  /** The sentence for the person, in Chinese. */
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  errorId?: string;
}

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface OrganisationRef {
  id: string;
  code: string;
  name: string;
  kind?: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  organisation: OrganisationRef;
  roles: Role[];
}

export interface LoginResult {
  accessToken: string;
  expiresAt: string;
  user: Me;
}

export interface NoticeView {
  id: string;
  title: string;
  docNumber: string | null;
  issuer: OrganisationRef;
  recipients: string[];
  body: string;
  attachments: { no: number; title: string }[];
  deadline: string;
  deadlineText: string;
  timeZone: string;
  mailbox: string;
  campaignYear: number;
  tableTemplate: string;
  state: string;
  stateLabel: string;
  nextEvents: NoticeEventType[];
  version: number;
  createdAt: string;
  updatedAt: string;
  issuedAt: string | null;
  closedAt: string | null;
}

export interface AssignmentGoal {
  code: string;
  role: 'lead' | 'partner';
  title: string;
}

export interface AssignmentView {
  id: string;
  noticeId: string;
  notice: { id: string; title: string; docNumber: string | null };
  organisation: OrganisationRef;
  role: 'lead' | 'partner';
  goals: AssignmentGoal[];
  state: string;
  stateLabel: string;
  nextEvents: AssignmentEventType[];
  version: number;
  deadline: string;
  deadlineText: string;
  originalDeadline: string;
  acknowledgedAt: string | null;
  versionCount: number;
}

export interface SubmittedVersion {
  version: number;
  submittedAt: string;
  late: boolean;
  sha256: string;
  receiptNo: string;
}

export interface AssignmentDetail extends AssignmentView {
  draft: Record<string, unknown> | null;
  draftUpdatedAt: string | null;
  versions: SubmittedVersion[];
  reviews: { version: number | null; decision: 'approved' | 'returned'; reason: string | null; reviewer: PersonRef | null; at: string }[];
  feedback: { version: number | null; feedback: string | null; by: PersonRef | null; at: string }[];
  history: { at: string; event: string; from: string | null; to: string; actorId: string | null; detail: string | null }[];
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export interface Supplement {
  '/api/auth/login': { post: { body: { username: string; password: string }; response: LoginResult } };
  '/api/me': { get: { response: Me } };
  '/api/notices': { get: { query: PageQuery; response: NoticeView[] } };
  '/api/notices/{id}': { get: { response: NoticeView } };
  '/api/notices/{id}/events': { post: { body: { type: NoticeEventType; comment?: string }; response: NoticeView } };
  '/api/assignments': { get: { query: PageQuery & { noticeId?: string; state?: string }; response: AssignmentView[] } };
  '/api/assignments/{id}': { get: { response: AssignmentDetail } };
  '/api/assignments/{id}/draft': { put: { body: { table: Record<string, unknown>; version?: number }; response: AssignmentView } };
  '/api/assignments/{id}/events': {
    post: { body: { type: AssignmentEventType; table?: Record<string, unknown>; reason?: string; comment?: string }; response: AssignmentView };
  };
  '/api/templates/strategy-table': { get: { query: { year?: number }; response: Record<string, unknown> } };
}
