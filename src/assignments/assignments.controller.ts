import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { sendPage, type HeaderSink } from '../common/paging.js';
import { pdfFile } from '../common/pdf-file.js';
import { validationProblem } from '../common/validation-messages.js';
import { AssignmentsService } from './assignments.service.js';
import { AssignmentEventRequestDto, AssignmentQueryDto, SaveDraftRequestDto, SetReviewersRequestDto } from './assignment.request.dto.js';

/** `…/versions/:version`: a number, or a 400 that says so in Chinese. */
const VERSION_PARAM = new ParseIntPipe({ exceptionFactory: () => validationProblem([{ field: 'version', message: '版本号必须是整数' }]) });

@Controller('assignments')
export class AssignmentsController {
  constructor(@Inject(AssignmentsService) private readonly assignments: AssignmentsService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: AssignmentQueryDto, @Res({ passthrough: true }) res: HeaderSink) {
    return sendPage(res, query, await this.assignments.list(user, query));
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.assignments.get(user, id);
  }

  @Get(':id/versions/:version')
  version(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('version', VERSION_PARAM) version: number) {
    return this.assignments.version(user, id, version);
  }

  @Get(':id/versions/:version/receipt.pdf')
  async receipt(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('version', VERSION_PARAM) version: number) {
    return pdfFile(await this.assignments.versionPdf(user, id, version, 'receipt'));
  }

  @Get(':id/versions/:version/table.pdf')
  async table(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('version', VERSION_PARAM) version: number) {
    return pdfFile(await this.assignments.versionPdf(user, id, version, 'table'));
  }

  @Put(':id/draft')
  saveDraft(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SaveDraftRequestDto, @Headers('idempotency-key') key?: string) {
    return this.assignments.saveDraft(user, id, body, key);
  }

  @Put(':id/reviewers')
  setReviewers(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SetReviewersRequestDto) {
    return this.assignments.setReviewers(user, id, body.reviewerIds);
  }

  @Post(':id/events')
  @HttpCode(200)
  event(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: AssignmentEventRequestDto, @Headers('idempotency-key') key?: string) {
    return this.assignments.applyEvent(user, id, body, key);
  }
}
