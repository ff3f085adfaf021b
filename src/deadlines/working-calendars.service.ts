import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service.js';
import { Clock } from '../common/clock.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { forbidden, validationFailed } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db, type Sql } from '../database/db.js';
import { readScheduleFiles, scheduleProblems, toSchedule } from './calendar-schedules.js';
import { CalendarYearEntity, type CalendarYear } from './deadlines.entities.js';
import { WorkingCalendar, type YearSchedule } from './working-calendar.js';

/** How often an instance looks for a year another instance's administrator entered. */
const REFRESH_MS = 60_000;

export interface CalendarYearInput {
  source: string;
  daysOff: Record<string, string>;
  makeUpWorkdays: Record<string, string>;
}

/**
 * The working-day calendar every deadline, 催办 rung and resubmission time is
 * planned with: the shipped data (npm chinese-days), then the files under
 * CALENDAR_DIR (templates/calendar/YYYY.json), then the years administrators
 * entered through the API, each later one replacing an earlier one's year.
 * Held in memory for the synchronous planners; the database's years are read
 * at start, after an entry on this instance, and every minute for entries made
 * on another instance.
 */
@Injectable()
export class WorkingCalendars implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('WorkingCalendar');
  private fileSchedules: YearSchedule[] = [];
  private calendar = new WorkingCalendar();
  private entered: CalendarYear[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** Reads the files (a wrong one stops the start with what is wrong) and the database's years. */
  async onModuleInit(): Promise<void> {
    this.fileSchedules = readScheduleFiles(this.config.calendarDir);
    await this.refresh();
    const years = this.calendar.coveredYears();
    this.log.log(
      `工作日日历覆盖 ${years[0]}–${years.at(-1)} 年中有国务院节假日安排的年份：${this.calendar.source}。未覆盖的年份按周一至周五计算，并在公文和截止汇总中提示。`,
    );
    this.timer = setInterval(() => void this.refresh().catch((error: unknown) => this.log.warn(`reading calendar_years failed: ${String(error)}`)), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The calendar in force now. */
  current(): WorkingCalendar {
    return this.calendar;
  }

  /** What the calendar covers and where each year comes from. */
  overview(): { coveredYears: number[]; source: string; entered: { year: number; source: string; enteredAt: string }[] } {
    return {
      coveredYears: this.calendar.coveredYears(),
      source: this.calendar.source,
      entered: this.entered.map((y) => ({ year: y.year, source: y.source, enteredAt: y.enteredAt })),
    };
  }

  /** An administrator enters (or corrects) a year's schedule: checked, stored, audited, in force at once here. */
  async enterYear(user: AuthUser, year: number, input: CalendarYearInput): Promise<ReturnType<WorkingCalendars['overview']>> {
    if (!hasRole(user, 'admin')) throw forbidden('只有系统管理员可以录入节假日安排');
    const problems = scheduleProblems(year, input);
    if (problems.length > 0) throw validationFailed(`${year}年节假日安排有误，请按国务院办公厅通知核对`, problems);
    const schedule = toSchedule(year, input);
    await this.db.tx(async (sql) => {
      const at = this.clock.now().toISOString();
      const repository = sql.manager.getRepository(CalendarYearEntity);
      const before = await repository.findOneBy({ year });
      await repository.save({ ...schedule, enteredBy: user.id, enteredAt: at });
      await this.audit.append(sql, [
        {
          at,
          actorId: user.id,
          actorOrgId: user.organisationId,
          entity: 'calendar',
          entityId: String(year),
          event: before ? 'CORRECT_YEAR' : 'ENTER_YEAR',
          kind: 'calendar.yearEntered',
          from: before ? 'entered' : null,
          to: 'entered',
          payload: schedule,
          detail: { source: schedule.source, daysOff: Object.keys(schedule.daysOff).length, makeUpWorkdays: Object.keys(schedule.makeUpWorkdays).length },
        },
      ]);
    });
    await this.refresh();
    return this.overview();
  }

  /** Rebuilds the calendar from the shipped data, the files and the database's years. */
  async refresh(): Promise<void> {
    const entered = await this.db.read((sql: Sql) => sql.manager.getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } }));
    const enteredYears = new Set(entered.map((y) => y.year));
    this.entered = entered;
    this.calendar = new WorkingCalendar({
      extraSchedules: [
        ...this.fileSchedules.filter((s) => !enteredYears.has(s.year)),
        ...entered.map((y) => ({ year: y.year, source: `${y.source}（系统管理员录入）`, daysOff: y.daysOff, makeUpWorkdays: y.makeUpWorkdays })),
      ],
    });
  }
}
