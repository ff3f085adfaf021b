import type { AuditEntry } from '../audit/audit-log.service.js';
import type { AuditKind } from '../audit/audit.entities.js';
import type { AuthUser } from '../common/current-user.js';

/** The state an account is in, as the audit row's from/to shows it. */
export const accountState = (row: { disabledAt: string | null }) => (row.disabledAt === null ? 'active' : 'disabled');

/** One audit row of an act on a user or an organisation. Never password material: not in `detail`, not in a payload. */
export function accountAudit(
  /** null: the command line (`npm run admin:create`), where no one is signed in. */
  actor: AuthUser | null,
  at: string,
  target: { entity: 'user' | 'organisation'; id: string },
  act: { kind: AuditKind; event: string; from: string | null; to: string | null; detail?: Record<string, unknown> },
): AuditEntry {
  return {
    at,
    actorId: actor?.id ?? null,
    actorOrgId: actor?.organisationId ?? null,
    entity: target.entity,
    entityId: target.id,
    event: act.event,
    kind: act.kind,
    from: act.from,
    to: act.to,
    detail: act.detail,
  };
}

/** `{field: {from, to}}` for every field whose value differs (arrays compared as sets). */
export function changesOf<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]): Record<string, { from: unknown; to: unknown }> {
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x) => (b as unknown[]).includes(x)) : a === b;
  return Object.fromEntries(fields.filter((f) => !same(before[f], after[f])).map((f) => [f, { from: before[f], to: after[f] }]));
}
