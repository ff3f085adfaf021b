import type { BodyOf } from '@/api/contract';

export type DivisionEntry = BodyOf<'/api/notices/{id}/assignments', 'put'>[number];
export type GoalRole = DivisionEntry['role'];
/** The grid's cells: `${goalCode}|${organisationId}` → 牵头 or 协作; an absent key is an empty cell. */
export type DivisionCells = Record<string, GoalRole>;

export const cellKey = (goalCode: string, organisationId: string): string => `${goalCode}|${organisationId}`;

/** The API's entries (one per unit and role) as grid cells. */
export function cellsOf(entries: readonly DivisionEntry[]): DivisionCells {
  const cells: DivisionCells = {};
  for (const e of entries) for (const code of e.goalCodes) cells[cellKey(code, e.organisationId)] = e.role;
  return cells;
}

/** The grid as the API takes it: one entry per unit and role, units and goals in the grid's order. */
export function entriesOf(cells: DivisionCells, goalCodes: readonly string[], organisationIds: readonly string[]): DivisionEntry[] {
  const out: DivisionEntry[] = [];
  for (const organisationId of organisationIds) {
    for (const role of ['lead', 'partner'] as const) {
      const codes = goalCodes.filter((g) => cells[cellKey(g, organisationId)] === role);
      if (codes.length > 0) out.push({ organisationId, goalCodes: codes, role });
    }
  }
  return out;
}

/** "天津市心血管内科医疗质量控制中心" → "心血管内科": a column header that fits. */
export function shortCenterName(name: string): string {
  return name.replace(/^天津市/, '').replace(/医疗质量控制中心$|质量控制中心$|质控中心$/, '') || name;
}
