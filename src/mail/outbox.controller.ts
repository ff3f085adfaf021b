import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { PageQueryDto, pageOf, sendPage, type HeaderSink } from '../common/paging.js';
import { OutboxAdminService } from './outbox-admin.service.js';
import { Label } from '../common/labels.js';

export class OutboxQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(['pending', 'sent', 'dead', 'dropped'])
  @Label('邮件状态')
  status?: 'pending' | 'sent' | 'dead' | 'dropped';
}

@Controller('outbox')
export class OutboxController {
  constructor(@Inject(OutboxAdminService) private readonly outbox: OutboxAdminService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: OutboxQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    const { counts, total, messages } = await this.outbox.list(user, query.status ?? null, pageOf(query));
    // The body keeps its shape (counts beside the messages); the page and the total travel in headers as on every list.
    return { counts, total, messages: sendPage(res, query, { items: messages, total }) };
  }

  @Post(':id/resend')
  @HttpCode(200)
  resend(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.outbox.resend(user, id);
  }
}
