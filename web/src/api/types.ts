import type { ResponseOf } from './contract';

/** The shapes the screens use, named after the operations that answer them. */
export type Me = ResponseOf<'/api/me', 'get'>;
export type NoticeView = ResponseOf<'/api/notices/{id}', 'get'>;
export type AssignmentView = ResponseOf<'/api/assignments', 'get'>[number];
export type AssignmentDetail = ResponseOf<'/api/assignments/{id}', 'get'>;
export type SubmittedVersion = AssignmentDetail['versions'][number];
export type { Problem } from './supplement';
