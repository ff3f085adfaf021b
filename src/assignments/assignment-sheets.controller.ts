import { Body, Controller, Get, Headers, Inject, Param, Put, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { XLSX_MEDIA_TYPE, downloadFile } from '../common/content-disposition.js';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiFileResponse, ApiIdempotencyKey, ApiProblems } from '../common/openapi.decorators.js';
import { AssignmentSheets, type UploadedXlsx } from './assignment-sheets.service.js';
import { AssignmentDetailResponse } from './assignment.view.js';
import { UploadDraftRequestDto } from './upload-draft.request.dto.js';
import { XlsxUpload } from './xlsx-upload.interceptor.js';

/** 附件3 of one assignment as a spreadsheet: the center's own copy, and a filled one uploaded as the draft. */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentSheetsController {
  constructor(@Inject(AssignmentSheets) private readonly sheets: AssignmentSheets) {}

  @Get(':id/strategy-table.xlsx')
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({
    summary: '下载本单位的附件3（策略表 .xlsx，已填入草稿）',
    description: '该任务所承担目标的策略表，每个目标一张工作表，已填入当前草稿；填写后可通过 PUT …/draft.xlsx 上传。',
  })
  @ApiFileResponse(XLSX_MEDIA_TYPE, '附件3 工作簿')
  @ApiProblems(401, 404)
  async download(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return downloadFile(await this.sheets.download(user, id), XLSX_MEDIA_TYPE);
  }

  @Put(':id/draft.xlsx')
  @UseInterceptors(XlsxUpload)
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiOperation({
    summary: '上传填好的附件3，保存为草稿（质控中心）',
    description:
      '把在系统中下载并填写的附件3（.xlsx，字段 file）转换为策略表 JSON 并保存为草稿，回答与 PUT …/draft 相同。' +
      '有误的单元格逐一以中文指出工作表、行、列（errors[].message；errors[].cell 如 目标2022-03!D8），errors[].field 为 JSON 路径；' +
      '不是本系统为本通知生成的附件3答 400 NOT_OUR_TEMPLATE；出错时不保存任何内容。',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDraftRequestDto })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: AssignmentDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 422)
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @UploadedFile() file: UploadedXlsx | undefined,
    @Body() body: UploadDraftRequestDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.sheets.upload(user, id, file, body, idempotencyKey);
  }
}
