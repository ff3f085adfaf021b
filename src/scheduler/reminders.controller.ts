import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiProblems } from '../common/openapi.decorators.js';
import { ReminderSentResponse } from './reminders.view.js';
import { REMINDING_IS_FOR_STAFF, RemindersService } from './reminders.service.js';
import { RequireRoles } from '../common/required-roles.js';
import { Label } from '../common/labels.js';

export class SendReminderRequestDto {
  @ApiProperty({ description: '催办内容（邮件正文）', maxLength: 2000, example: '请于4月29日9:00前报送策略表。' })
  @IsString()
  @MaxLength(2000)
  @Label('催办内容')
  message!: string;

  /** One center's assignment; absent: every center that still owes its table. */
  @ApiPropertyOptional({ description: '只催办此任务的单位；不填则催办所有尚未提交的单位', format: 'uuid', maxLength: 36 })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Label('任务编号')
  assignmentId?: string;
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class RemindersController {
  constructor(@Inject(RemindersService) private readonly reminders: RemindersService) {}

  @Post(':id/reminders')
  @RequireRoles(['staff'], REMINDING_IS_FOR_STAFF)
  @ApiOperation({ summary: '催办（工作人员）', description: '向一个单位，或向所有尚未提交的单位发催办邮件。' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiCreatedResponse({ type: ReminderSentResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  send(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SendReminderRequestDto) {
    return this.reminders.send(user, id, body);
  }
}
