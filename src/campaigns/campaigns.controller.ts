import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { pdfFile } from '../common/pdf-file.js';
import { PageQueryDto, sendPage, type HeaderSink } from '../common/paging.js';
import { NoticeEventRequestDto } from '../notices/notice.request.dto.js';
import { NoticeQueryDto } from '../notices/notice.query.dto.js';
import { CampaignsService } from './campaigns.service.js';
import { AuditQueryDto } from './audit.query.dto.js';

/** Notices as each reader sees them, their events (issuing, 办结 …), progress, printed document. */
@Controller('notices')
export class CampaignsController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: NoticeQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    return sendPage(res, query, await this.campaigns.list(user, query));
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.campaigns.get(user, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  event(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: NoticeEventRequestDto, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.campaigns.applyEvent(user, id, body, idempotencyKey);
  }

  @Get(':id/document.pdf')
  async document(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return pdfFile(await this.campaigns.documentPdf(user, id));
  }

  @Get(':id/progress')
  progress(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.campaigns.progress(user, id, query);
  }
}

/** The audit trail of a notice or an assignment, for the issuing commission's staff. */
@Controller('audit')
export class AuditTrailController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: AuditQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    return sendPage(res, query, await this.campaigns.auditTrail(user, query));
  }
}
