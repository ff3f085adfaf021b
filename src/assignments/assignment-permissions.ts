import {
  ASSIGNMENT_EVENT_ROLES,
  ASSIGNMENT_EVENT_TYPES,
  assignmentProbe,
  type AssignmentEventType,
  type AssignmentSnapshot,
} from '../../workflows/assignment.machine.js';
import type { Role } from '../../workflows/roles.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import type { NoticeHead } from '../notices/notice.entities.js';
import type { Assignment } from './assignment.entities.js';

/** The events a person may send (the engine's own, DEADLINE_PASSED and CLOSE, excluded). */
const USER_EVENTS = ASSIGNMENT_EVENT_TYPES.filter((t) => !ASSIGNMENT_EVENT_ROLES[t].includes('system'));

/** The roles under which the user relates to this assignment (empty: it is not theirs to see). */
export function actingRoles(user: AuthUser, a: Pick<Assignment, 'organisationId'>, notice: Pick<NoticeHead, 'issuerId'>, isReviewer: boolean): Role[] {
  const roles: Role[] = [];
  if (notice.issuerId === user.organisationId) roles.push(...user.roles.filter((r) => r === 'staff' || r === 'leader'));
  if (hasRole(user, 'center') && a.organisationId === user.organisationId) roles.push('center');
  if (hasRole(user, 'reviewer') && isReviewer) roles.push('reviewer');
  if (hasRole(user, 'admin')) roles.push('admin');
  return roles;
}

/** What a caller acting under these roles may send now: the machine's `can()` asked with a probe of each event. */
export function assignmentNextEvents(
  snapshot: AssignmentSnapshot,
  notice: Pick<NoticeHead, 'state'>,
  roles: readonly Role[],
  at: string,
): AssignmentEventType[] {
  return USER_EVENTS.filter(
    (t) => ASSIGNMENT_EVENT_ROLES[t].some((r) => r !== 'system' && roles.includes(r)) && snapshot.can(assignmentProbe(t, at, snapshot.context)),
  ).filter((t) => t !== 'SAVE_DRAFT' || notice.state === 'issued');
}
