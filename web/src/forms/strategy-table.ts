import { emptyOf, fillFrom, kindOf, type FieldSchema, type JsonObject } from './schema-model';

/** A goal the center answers for, as the assignment lists it. */
export interface TableGoal {
  code: string;
  role: 'lead' | 'partner';
  title: string;
}

/** The schema of one entry of `goals`, when the template has the usual shape (one entry per goal, keyed by goalCode). */
export function goalSchemaOf(schema: FieldSchema): FieldSchema | undefined {
  const goals = schema.properties?.goals;
  return goals && kindOf(goals) === 'rows' && goals.items?.properties?.goalCode ? goals.items : undefined;
}

/**
 * The form's starting value: the saved table (a local copy or the server's draft)
 * shaped to the template, with exactly one entry per goal of the assignment, in
 * its order. A new entry names its goal, and its lead center when this center leads.
 */
export function initialTable(schema: FieldSchema, goals: readonly TableGoal[], saved: unknown, centerName: string): JsonObject {
  const table = fillFrom(saved ?? {}, schema) as JsonObject;
  const goalSchema = goalSchemaOf(schema);
  if (!goalSchema) return table;
  const existing = (table.goals as JsonObject[]).filter((g) => typeof g.goalCode === 'string');
  table.goals = goals.map((goal) => {
    const found = existing.find((g) => g.goalCode === goal.code);
    if (found) return found;
    const fresh = emptyOf(goalSchema) as JsonObject;
    fresh.goalCode = goal.code;
    if ('leadCenter' in fresh && goal.role === 'lead') fresh.leadCenter = centerName;
    return fresh;
  });
  return table;
}
