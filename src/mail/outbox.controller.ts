import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { PageQueryDto, pageOf, sendPage, type HeaderSink } from '../common/paging.js';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi.decorators.js';
import { OUTBOX_STATUSES } from '../outbox/outbox.entities.js';
import { OutboxListResponse, OutboxMessageResponse } from './outbox.view.js';
import { OutboxAdminService } from './outbox-admin.service.js';
import { Label } from '../common/labels.js';

export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只列此状态的邮件', enum: OUTBOX_STATUSES, enumName: 'OutboxStatus' })
  @IsOptional()
  @IsIn(['pending', 'sent', 'dead', 'dropped'])
  @Label('邮件状态')
  status?: 'pending' | 'sent' | 'dead' | 'dropped';
}

@ApiTags('outbox')
@ApiBearerAuth()
@Controller('outbox')
export class OutboxController {
  constructor(@Inject(OutboxAdminService) private readonly outbox: OutboxAdminService) {}

  @Get()
  @ApiOperation({ summary: '发件箱（工作人员）', description: '本委公文的邮件及各状态计数，可按状态筛选。' })
  @ApiOkResponse({ type: OutboxListResponse })
  @ApiProblems(400, 401, 403)
  async list(@CurrentUser() user: AuthUser, @Query() query: OutboxQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    const { counts, total, messages } = await this.outbox.list(user, query.status ?? null, pageOf(query));
    // The body keeps its shape (counts beside the messages); the page and the total travel in headers as on every list.
    return { counts, total, messages: sendPage(res, query, { items: messages, total }) };
  }

  @Post(':id/resend')
  @HttpCode(200)
  @ApiOperation({ summary: '重发一封已发出或已放弃的邮件（工作人员）' })
  @ApiParam({ name: 'id', description: '邮件编号' })
  @ApiOkResponse({ type: OutboxMessageResponse })
  @ApiProblems(401, 403, 404, 409)
  resend(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.outbox.resend(user, id);
  }
}
