import type { Problem } from './types';

/**
 * The server's refusal laid out for a form: each field's message beside its
 * field (`reminderLadder[0].days` → `reminderLadder`), and what belongs to no
 * field of this form as one sentence for the dialog. A code that names one field
 * without listing it in `errors` (USERNAME_TAKEN → username) goes beside that field.
 */
export interface FormRefusal {
  fields: Record<string, string>;
  /** The problem's detail when no field of the form took it; '' otherwise. */
  general: string;
}

export function refusalOf(problem: Problem, formFields: readonly string[], fieldOfCode: Partial<Record<Problem['code'], string>> = {}): FormRefusal {
  const fields: Record<string, string> = {};
  const add = (field: string, message: string): void => {
    fields[field] = fields[field] ? `${fields[field]}；${message}` : message;
  };
  const stray: string[] = [];
  for (const e of problem.errors ?? []) {
    const field = e.field.split(/[.[]/)[0];
    if (formFields.includes(field)) add(field, e.message);
    else stray.push(e.message);
  }
  const coded = fieldOfCode[problem.code];
  if (coded && formFields.includes(coded) && !problem.errors?.length) add(coded, problem.detail);
  const general = Object.keys(fields).length === 0 ? problem.detail : stray.join('；');
  return { fields, general };
}
