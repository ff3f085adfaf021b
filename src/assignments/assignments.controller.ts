import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiIdempotencyKey, ApiPagedResponse, ApiPdfResponse, ApiProblems } from '../common/openapi.decorators.js';
import { AssignmentDetailResponse, AssignmentSubmittedResponse, AssignmentSummaryResponse, SubmittedVersionWithTableResponse } from './assignment.view.js';
import { sendPage, type HeaderSink } from '../common/paging.js';
import { pdfFile } from '../common/pdf-file.js';
import { validationProblem } from '../common/validation-messages.js';
import { AssignmentsService } from './assignments.service.js';
import { AssignmentEventRequestDto, AssignmentQueryDto, SaveDraftRequestDto, SetReviewersRequestDto } from './assignment.request.dto.js';

/** `…/versions/:version`: a number, or a 400 that says so in Chinese. */
const VERSION_PARAM = new ParseIntPipe({ exceptionFactory: () => validationProblem([{ field: 'version', message: '版本号必须是整数' }]) });

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController {
  constructor(@Inject(AssignmentsService) private readonly assignments: AssignmentsService) {}

  @Get()
  @ApiOperation({ summary: '任务列表', description: '质控中心只见本单位的任务，审核人只见交给自己审核的，工作人员见本委公文的全部。' })
  @ApiPagedResponse(AssignmentSummaryResponse, '本页任务')
  @ApiProblems(400, 401)
  async list(@CurrentUser() user: AuthUser, @Query() query: AssignmentQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    return sendPage(res, query, await this.assignments.list(user, query));
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({ summary: '任务详情（含草稿、各版本、审核、反馈、催办与办理过程）' })
  @ApiOkResponse({ type: AssignmentDetailResponse })
  @ApiProblems(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.assignments.get(user, id);
  }

  @Get(':id/versions/:version')
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({ summary: '某一提交版本（含所提交的策略表）' })
  @ApiParam({ name: 'version', description: '版本号，从 1 起', type: 'integer' })
  @ApiOkResponse({ type: SubmittedVersionWithTableResponse })
  @ApiProblems(400, 401, 404)
  version(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('version', VERSION_PARAM) version: number) {
    return this.assignments.version(user, id, version);
  }

  @Get(':id/versions/:version/receipt.pdf')
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({ summary: '某一版本的回执（PDF）' })
  @ApiParam({ name: 'version', description: '版本号，从 1 起', type: 'integer' })
  @ApiPdfResponse('回执 PDF')
  @ApiProblems(400, 401, 404)
  async receipt(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('version', VERSION_PARAM) version: number) {
    return pdfFile(await this.assignments.versionPdf(user, id, version, 'receipt'));
  }

  @Get(':id/versions/:version/table.pdf')
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({ summary: '某一版本的策略表（PDF）' })
  @ApiParam({ name: 'version', description: '版本号，从 1 起', type: 'integer' })
  @ApiPdfResponse('策略表 PDF')
  @ApiProblems(400, 401, 404)
  async table(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('version', VERSION_PARAM) version: number) {
    return pdfFile(await this.assignments.versionPdf(user, id, version, 'table'));
  }

  @Put(':id/draft')
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({ summary: '保存策略表草稿（质控中心）', description: '草稿可不完整，提交时才按模板校验。' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: AssignmentDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  saveDraft(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SaveDraftRequestDto, @Headers('idempotency-key') key?: string) {
    return this.assignments.saveDraft(user, id, body, key);
  }

  @Put(':id/reviewers')
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({ summary: '指定审核人（发文机关工作人员）', description: '整体替换该任务的审核人。' })
  @ApiOkResponse({ type: AssignmentDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  setReviewers(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SetReviewersRequestDto) {
    return this.assignments.setReviewers(user, id, body.reviewerIds);
  }

  @Post(':id/events')
  @ApiParam({ name: 'id', description: '任务编号' })
  @HttpCode(200)
  @ApiOperation({
    summary: '对任务发送事件（签收、提交、撤回、审核、退回、反馈、延期）',
    description: '回答任务的新状态与调用者此后可发送的事件；提交（SUBMIT）的回答为任务摘要加刚冻结的版本 submitted，其余为任务详情。',
  })
  @ApiIdempotencyKey()
  @ApiExtraModels(AssignmentDetailResponse, AssignmentSubmittedResponse)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(AssignmentDetailResponse) }, { $ref: getSchemaPath(AssignmentSubmittedResponse) }] } })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  event(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: AssignmentEventRequestDto, @Headers('idempotency-key') key?: string) {
    return this.assignments.applyEvent(user, id, body, key);
  }
}
