import { Body, Controller, Get, Inject, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiProblems } from '../common/openapi.decorators.js';
import { CalendarView, CalendarYearRequestDto } from './calendar.dto.js';
import { WorkingCalendars } from './working-calendars.service.js';

/** The working-day calendar: which years hold an official holiday schedule; an administrator enters new ones. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(WorkingCalendars) private readonly calendars: WorkingCalendars) {}

  @Get()
  @ApiOperation({ summary: '工作日日历：已有国务院节假日安排的年份及来源' })
  @ApiOkResponse({ type: CalendarView })
  @ApiProblems(401)
  overview(): CalendarView {
    return this.calendars.overview();
  }

  @Put('years/:year')
  @ApiOperation({
    summary: '录入或更正某年的节假日安排（系统管理员）',
    description: '按国务院办公厅当年节假日安排的通知录入；立即用于此后计划的截止、催办和退回重报时限，其他实例一分钟内生效。',
  })
  @ApiOkResponse({ type: CalendarView })
  @ApiProblems(400, 401, 403)
  enterYear(@CurrentUser() user: AuthUser, @Param('year', ParseIntPipe) year: number, @Body() body: CalendarYearRequestDto): Promise<CalendarView> {
    return this.calendars.enterYear(user, year, body);
  }
}
