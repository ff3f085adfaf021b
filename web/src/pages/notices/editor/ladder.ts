import type { BodyOf } from '@/api/contract';

/** One rung of the 催办 ladder, as the API takes it. */
export type LadderRung = NonNullable<BodyOf<'/api/notices', 'post'>['reminderLadder']>[number];

/** "截止前3个工作日 9:00", "截止前2小时". */
export function rungText(rung: LadderRung): string {
  return rung.kind === 'workingDaysBefore' ? `截止前${rung.days}个工作日 ${rung.at.replace(/^0/, '')}` : `截止前${rung.hours}小时`;
}
