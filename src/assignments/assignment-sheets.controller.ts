import { Body, Controller, Get, Headers, Inject, Param, Put, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { XLSX_MEDIA_TYPE, downloadFile } from '../common/content-disposition.js';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { AssignmentSheets, type UploadedXlsx } from './assignment-sheets.service.js';
import { AssignmentDraftView } from './assignment-sheets.view.js';
import { UploadDraftRequestDto } from './upload-draft.request.dto.js';
import { XlsxUpload } from './xlsx-upload.interceptor.js';

const PROBLEM = { 'application/problem+json': { schema: { type: 'object', properties: { code: { type: 'string' }, detail: { type: 'string' } } } } };

/** 附件3 of one assignment as a spreadsheet: the center's own copy, and a filled one uploaded as the draft. */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentSheetsController {
  constructor(@Inject(AssignmentSheets) private readonly sheets: AssignmentSheets) {}

  @Get(':id/strategy-table.xlsx')
  @ApiOperation({
    summary: '下载本单位的附件3（.xlsx）',
    description: '该任务所承担目标的策略表，每个目标一张工作表，已填入当前草稿；填写后可通过 PUT …/draft.xlsx 上传。',
  })
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({
    description: '附件3 工作簿（文件名为中文，见 Content-Disposition 的 filename*）',
    content: { [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 404, description: 'NOT_FOUND：任务不存在或无权查看', content: PROBLEM })
  async download(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return downloadFile(await this.sheets.download(user, id), XLSX_MEDIA_TYPE);
  }

  @Put(':id/draft.xlsx')
  @UseInterceptors(XlsxUpload)
  @ApiOperation({
    summary: '上传填好的附件3，保存为草稿',
    description:
      '把在系统中下载并填写的附件3（.xlsx，字段 file，不超过 20 MB）转换为策略表 JSON 并保存为草稿，回答与 PUT …/draft 相同。' +
      '有误的单元格逐一以中文指出工作表、行、列（errors[].message，errors[].cell 如“目标2022-03!D8”），errors[].field 为 JSON 路径；出错时不保存任何内容。',
  })
  @ApiParam({ name: 'id', description: '任务编号' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: '填好的附件3（.xlsx）' },
        version: { type: 'integer', minimum: 1, description: '编辑前读到的任务版本号（可选）' },
      },
    },
  })
  @ApiHeader({ name: 'idempotency-key', required: false, description: '可选：带同一键重发的请求得到第一次的回答且只保存一次' })
  @ApiOkResponse({ type: AssignmentDraftView, description: '保存草稿后的任务' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED：单元格内容有误；NOT_OUR_TEMPLATE：不是本系统为本通知生成的附件3', content: PROBLEM })
  @ApiResponse({ status: 403, description: 'FORBIDDEN：只有承担该任务的质控中心可以上传', content: PROBLEM })
  @ApiResponse({ status: 404, description: 'NOT_FOUND：任务不存在或无权查看', content: PROBLEM })
  @ApiResponse({ status: 409, description: 'INVALID_TRANSITION / VERSION_CONFLICT', content: PROBLEM })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE：文件超过 20 MB', content: PROBLEM })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE：不是 .xlsx 工作簿', content: PROBLEM })
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
