import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiIdempotencyKey, ApiPagedResponse, ApiPdfResponse, ApiProblems } from '../common/openapi.decorators.js';
import { NoticeResponse } from '../notices/notice.view.js';
import { AuditRecordResponse } from './audit-trail.view.js';
import { NoticeHistoryEntryResponse } from './notice-history.view.js';
import { NoticeProgressResponse } from './progress.view.js';
import { pdfFile } from '../common/pdf-file.js';
import { PageQueryDto, sendPage, type HeaderSink } from '../common/paging.js';
import { NoticeEventRequestDto } from '../notices/notice.request.dto.js';
import { NoticeQueryDto } from '../notices/notice.query.dto.js';
import { CampaignsService } from './campaigns.service.js';
import { AuditQueryDto } from './audit.query.dto.js';

/** Notices as each reader sees them, their events (issuing, 办结 …), progress, printed document. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class CampaignsController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  @Get()
  @ApiOperation({ summary: '公文列表', description: '工作人员与领导见本委的公文（含草稿），质控中心与审核人见已印发且与己有关的。' })
  @ApiPagedResponse(NoticeResponse, '本页公文')
  @ApiProblems(400, 401)
  async list(@CurrentUser() user: AuthUser, @Query() query: NoticeQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    return sendPage(res, query, await this.campaigns.list(user, query));
  }

  @Get(':id')
  @ApiOperation({ summary: '公文详情' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiOkResponse({ type: NoticeResponse })
  @ApiProblems(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.campaigns.get(user, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({
    summary: '对公文发送事件（送核稿、核稿通过、签发、退回、印发、办结、撤销）',
    description: '印发（ISSUE）时编发文字号，并为每个承担单位生成任务。回答公文的新状态与调用者此后可发送的事件。',
  })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: NoticeResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  event(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: NoticeEventRequestDto, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.campaigns.applyEvent(user, id, body, idempotencyKey);
  }

  @Get(':id/history')
  @ApiOperation({ summary: '公文的流转记录（发文机关）', description: '送核稿、核稿通过、签发、退回、印发、办结……按发生顺序，含领导的意见。' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiOkResponse({ type: [NoticeHistoryEntryResponse] })
  @ApiProblems(401, 403, 404)
  history(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.campaigns.history(user, id);
  }

  @Get(':id/document.pdf')
  @ApiOperation({ summary: '公文的印刷版（PDF，GB/T 9704）' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiPdfResponse('公文 PDF')
  @ApiProblems(401, 404)
  async document(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return pdfFile(await this.campaigns.documentPdf(user, id));
  }

  @Get(':id/progress')
  @ApiOperation({ summary: '办理进度（发文机关）', description: '全部任务的各状态计数，以及一页单位（?page=&pageSize=）的状态、提交时间、逾期情况。' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiOkResponse({ type: NoticeProgressResponse })
  @ApiProblems(400, 401, 403, 404)
  progress(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.campaigns.progress(user, id, query);
  }
}

/** The audit trail of a notice or an assignment, for the issuing commission's staff. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditTrailController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  @Get()
  @ApiOperation({ summary: '审计记录（工作人员）', description: '公文的记录含其各任务的记录，按发生顺序。' })
  @ApiPagedResponse(AuditRecordResponse, '本页审计记录')
  @ApiProblems(400, 401, 403, 404)
  async list(@CurrentUser() user: AuthUser, @Query() query: AuditQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    return sendPage(res, query, await this.campaigns.auditTrail(user, query));
  }
}
