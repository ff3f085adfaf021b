import { formatLocal } from '../common/beijing-time.js';
import { DEFAULT_LADDER, instantOfLocalTime, planReminders, type LadderRung } from './reminder-ladder.js';
import type { WorkingCalendar } from './working-calendar.js';
import type { NewTimer } from './deadlines.entities.js';

/** A returned center gets this many working days to resubmit unless the notice says otherwise. */
export const DEFAULT_RESUBMISSION_WORKING_DAYS = 3;

interface PolicySource {
  timeZone: string;
  reminderLadder: LadderRung[] | null;
  resubmissionWorkingDays: number | null;
}

/**
 * The timers of one assignment for one effective deadline: DEADLINE_PASSED at
 * the deadline and the 催办 ladder before it. Keys carry the deadline, so a
 * re-plan after an extension never collides with the old plan.
 */
export function assignmentTimers(assignmentId: string, deadline: string, notice: PolicySource, now: string, calendar: WorkingCalendar): NewTimer[] {
  return assignmentsTimers([assignmentId], deadline, notice, now, calendar);
}

/** The same for many assignments that share one deadline (a whole notice at issue): the ladder is planned once. */
export function assignmentsTimers(
  assignmentIds: readonly string[],
  deadline: string,
  notice: PolicySource,
  now: string,
  calendar: WorkingCalendar,
): NewTimer[] {
  const reminders = planReminders({ deadline, timeZone: notice.timeZone, ladder: notice.reminderLadder ?? DEFAULT_LADDER, calendar, now });
  return assignmentIds.flatMap((assignmentId) => [
    ...reminders.map((r) => ({
      kind: 'assignment.reminder' as const,
      dueAt: r.dueAt,
      targetId: assignmentId,
      dedupeKey: `reminder:${assignmentId}:${deadline}:${r.rung}`,
      payload: { deadline, rung: r.rung, label: r.label },
    })),
    { kind: 'assignment.deadline' as const, dueAt: deadline, targetId: assignmentId, dedupeKey: `deadline:${assignmentId}:${deadline}`, payload: { deadline } },
  ]);
}

/** The summary of missing centers that staff get at the notice's deadline. */
export function noticeSummaryTimer(noticeId: string, deadline: string): NewTimer {
  return { kind: 'notice.deadlineSummary', dueAt: deadline, targetId: noticeId, dedupeKey: `summary:${noticeId}:${deadline}`, payload: { deadline } };
}

/**
 * After a RETURN: N working days from the day of the return, at the time of
 * day of the notice's deadline ("three working days" from a Monday is Thursday 09:00).
 */
export function resubmissionDeadline(returnedAt: string, noticeDeadline: string, notice: PolicySource, calendar: WorkingCalendar): string {
  const days = notice.resubmissionWorkingDays ?? DEFAULT_RESUBMISSION_WORKING_DAYS;
  const day = calendar.addWorkingDays(formatLocal(returnedAt, notice.timeZone).slice(0, 10), days);
  const time = formatLocal(noticeDeadline, notice.timeZone).slice(11, 16);
  return instantOfLocalTime(day, time, notice.timeZone).toISOString();
}

/**
 * What staff must be told about a notice's dates: a warning for each year, from
 * the first 催办 rung to a return's resubmission time after the deadline, whose
 * official holiday schedule the calendar does not hold (counted Monday to Friday).
 */
export function calendarWarnings(deadline: string, notice: PolicySource, calendar: WorkingCalendar): string[] {
  const reminders = planReminders({ deadline, timeZone: notice.timeZone, ladder: notice.reminderLadder ?? DEFAULT_LADDER, calendar });
  const first = formatLocal(reminders[0]?.dueAt ?? deadline, notice.timeZone).slice(0, 10);
  const last = formatLocal(resubmissionDeadline(deadline, deadline, notice, calendar), notice.timeZone).slice(0, 10);
  return calendar.warningsBetween(first, last > first ? last : first).map((w) => w.split(' / ')[0]);
}
