/** The roles of domain.md. `system` is the engine itself (scheduler, cascades). */
export const ROLES = ['staff', 'leader', 'center', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Actor = Role | 'system';

/** True when `at` (an ISO instant) is strictly before `deadline`: a table sent at 09:00:00 is late. */
export function isBefore(at: string, deadline: string): boolean {
  return Date.parse(at) < Date.parse(deadline);
}
