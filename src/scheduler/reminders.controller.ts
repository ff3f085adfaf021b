import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { RemindersService } from './reminders.service.js';
import { Label } from '../common/labels.js';

export class SendReminderRequestDto {
  @IsString()
  @MaxLength(2000)
  @Label('催办内容')
  message!: string;

  /** One center's assignment; absent: every center that still owes its table. */
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Label('任务编号')
  assignmentId?: string;
}

@Controller('notices')
export class RemindersController {
  constructor(@Inject(RemindersService) private readonly reminders: RemindersService) {}

  @Post(':id/reminders')
  send(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SendReminderRequestDto) {
    return this.reminders.send(user, id, body);
  }
}
