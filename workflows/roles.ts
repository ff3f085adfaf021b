/** The roles of domain.md. `system` is the engine itself (scheduler, cascades). */
export const ROLES = ['staff', 'leader', 'center', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Actor = Role | 'system';

/** True when `at` (an ISO instant) is strictly before `deadline`: a table sent at 09:00:00 is late. */
export function isBefore(at: string, deadline: string): boolean {
  return Date.parse(at) < Date.parse(deadline);
}

/** True only when A and B are the same set of literals: a list kept beside a union cannot drift from it. */
export type SameMembers<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The machine's effect actions, from their one list: each does nothing inside
 * the machine and comes back from `transition()` as data for the runtime.
 */
export function effects<const A extends string>(names: readonly A[]): Record<A, () => undefined> {
  return Object.fromEntries(names.map((name) => [name, () => undefined])) as Record<A, () => undefined>;
}
