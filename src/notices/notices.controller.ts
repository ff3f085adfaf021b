import { Body, Controller, Inject, Param, Patch, Post, Put } from '@nestjs/common';
import { DtoArrayPipe } from '../common/validation-messages.js';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiProblems } from '../common/openapi.decorators.js';
import { NoticeResponse } from './notice.view.js';
import { DRAFTING_IS_FOR_STAFF, NoticesService } from './notices.service.js';
import { RequireRoles } from '../common/required-roles.js';
import { CreateNoticeRequestDto, DivisionEntryDto, UpdateNoticeRequestDto } from './notice.request.dto.js';

/** A national notice goes to tens of thousands of units: the division takes one entry per unit, bounded by the body size limit. */
const DIVISION_MAX_UNITS = 100_000;

/** Drafting (拟稿): the issuing commission's staff write and edit a draft and its division of labour. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(@Inject(NoticesService) private readonly notices: NoticesService) {}

  @Post()
  @RequireRoles(['staff'], DRAFTING_IS_FOR_STAFF)
  @ApiOperation({ summary: '起草公文（工作人员）', description: '新建草稿；之后可修改、设置分工，再送核稿。' })
  @ApiCreatedResponse({ type: NoticeResponse })
  @ApiProblems(400, 401, 403)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateNoticeRequestDto) {
    return this.notices.create(user, body);
  }

  @Patch(':id')
  @RequireRoles(['staff'], DRAFTING_IS_FOR_STAFF)
  @ApiOperation({ summary: '修改草稿（工作人员）', description: '只改所给字段；带上读到的 version 可防止覆盖他人的修改。' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiOkResponse({ type: NoticeResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: UpdateNoticeRequestDto) {
    return this.notices.update(user, id, body);
  }

  @Put(':id/assignments')
  @RequireRoles(['staff'], DRAFTING_IS_FOR_STAFF)
  @ApiOperation({ summary: '设置分工（附件2，工作人员，仅草稿）', description: '整体替换：每项目标一个牵头单位，可有多个协作单位。' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiBody({ type: [DivisionEntryDto] })
  @ApiOkResponse({ type: NoticeResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  setDivision(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new DtoArrayPipe(DivisionEntryDto, '分工', DIVISION_MAX_UNITS)) entries: DivisionEntryDto[],
  ) {
    return this.notices.setDivision(user, id, entries);
  }
}
