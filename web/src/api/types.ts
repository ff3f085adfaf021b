import type { ResponseOf } from './contract';
import type { components } from './schema';

/** The shapes the screens use, named after the operations that answer them. */
export type LoginResult = ResponseOf<'/api/auth/login', 'post'>;
export type Me = ResponseOf<'/api/me', 'get'>;
export type NoticeView = ResponseOf<'/api/notices/{id}', 'get'>;
export type AssignmentView = ResponseOf<'/api/assignments', 'get'>[number];
export type AssignmentDetail = ResponseOf<'/api/assignments/{id}', 'get'>;
export type SubmittedVersion = AssignmentDetail['versions'][number];
/**
 * What a failed call tells the person: the server's application/problem+json, or,
 * when no such answer came (no connection, a proxy's error page), one the client
 * writes with the code UNREACHABLE or UNREADABLE.
 */
export type Problem = Omit<components['schemas']['ProblemDetails'], 'code'> & {
  code: components['schemas']['ProblemDetails']['code'] | 'UNREACHABLE' | 'UNREADABLE';
};
