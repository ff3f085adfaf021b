import { EntitySchema } from 'typeorm';
import { col } from '../database/columns.js';

/** What falls due; each is applied through the same transition as any other event. */
export const TIMER_KINDS = [
  'assignment.deadline', // the effective deadline of an assignment: DEADLINE_PASSED
  'assignment.reminder', // a rung of the 催办 ladder
  'notice.deadlineSummary', // staff's summary of the centers still missing at the deadline
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

export interface NewTimer {
  kind: TimerKind;
  dueAt: string;
  targetId: string;
  /** Unique: planning the same timer twice keeps one. */
  dedupeKey: string;
  payload: { deadline: string; rung?: number; label?: string };
}

export interface Timer extends NewTimer {
  id: string;
  status: 'pending' | 'fired' | 'cancelled';
  attempts: number;
  firedAt: string | null;
  outcome: string | null;
  createdAt: string;
}

export const TimerEntity = new EntitySchema<Timer>({
  name: 'Timer',
  tableName: 'timers',
  columns: {
    id: col.id(),
    dueAt: col.instant('due_at'),
    kind: col.str('kind', 40),
    targetId: col.ref('target_id'),
    dedupeKey: col.str('dedupe_key', 200),
    payload: col.json('payload'),
    status: col.str('status', 16),
    attempts: col.int('attempts'),
    firedAt: col.instant('fired_at', true),
    outcome: col.text('outcome', true),
    createdAt: col.instant('created_at'),
  },
});

/** One 催办 sent to a center: by the ladder or by staff. */
export interface Reminder {
  id: string;
  assignmentId: string;
  noticeId: string;
  kind: 'ladder' | 'manual';
  label: string;
  message: string | null;
  actorId: string | null;
  deadline: string;
  at: string;
}

export const ReminderEntity = new EntitySchema<Reminder>({
  name: 'Reminder',
  tableName: 'reminders',
  columns: {
    id: col.id(),
    assignmentId: col.ref('assignment_id'),
    noticeId: col.ref('notice_id'),
    kind: col.str('kind', 16),
    label: col.str('label', 100),
    message: col.text('message', true),
    actorId: col.ref('actor_id', true),
    deadline: col.instant('deadline'),
    at: col.instant('at'),
  },
});

/** A year's official holiday schedule entered by an administrator (beyond the shipped data and the files under templates/calendar/). */
export interface CalendarYear {
  year: number;
  source: string;
  daysOff: Record<string, string>;
  makeUpWorkdays: Record<string, string>;
  enteredBy: string;
  enteredAt: string;
}

export const CalendarYearEntity = new EntitySchema<CalendarYear>({
  name: 'CalendarYear',
  tableName: 'calendar_years',
  columns: {
    year: { type: 'integer', primary: true },
    source: col.text('source'),
    daysOff: col.json('days_off'),
    makeUpWorkdays: col.json('make_up_workdays'),
    enteredBy: col.ref('entered_by'),
    enteredAt: col.instant('entered_at'),
  },
});

export const DEADLINE_ENTITIES = [TimerEntity, ReminderEntity, CalendarYearEntity];
