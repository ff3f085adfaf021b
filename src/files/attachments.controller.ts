import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Put, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { contentDisposition } from '../common/content-disposition.js';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiFileResponse, ApiProblems } from '../common/openapi.decorators.js';
import { AttachmentsService, type UploadedFileData } from './attachments.service.js';
import { ReplaceAttachmentRequestDto, UploadAttachmentRequestDto } from './attachment.request.dto.js';
import { AttachmentView } from './attachment.view.js';
import { UploadErrors } from './upload-errors.interceptor.js';
import { FILE_TYPES } from './file-types.js';

/** What refuses a file, for the operations that take one (the codes are in the problem answers). */
const UPLOAD_RULES =
  '只有发文机关的工作人员可以管理草稿的附件；公文提交核稿后附件随之冻结（ATTACHMENTS_FROZEN）。' +
  '文件按内容识别，须为 PDF、OFD、DOCX、XLSX、PNG 或 JPEG（否则 UNSUPPORTED_MEDIA_TYPE），不超过 ATTACHMENT_MAX_BYTES（否则 PAYLOAD_TOO_LARGE）；被拒绝的文件不保存。';

/** A notice's files (附件): listed and downloaded by its readers, managed by its staff while it is a draft. */
@ApiTags('attachments')
@ApiBearerAuth()
@ApiParam({ name: 'id', description: '公文编号' })
@Controller('notices/:id/attachments')
export class AttachmentsController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @Get()
  @ApiOperation({ summary: '列出公文附件（含 SHA-256）' })
  @ApiOkResponse({ type: AttachmentView, isArray: true })
  @ApiProblems(401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AttachmentView[]> {
    return this.attachments.list(user, id);
  }

  @Post()
  @UseInterceptors(UploadErrors, FileInterceptor('file'))
  @ApiOperation({ summary: '上传公文附件（草稿）', description: UPLOAD_RULES })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadAttachmentRequestDto })
  @ApiCreatedResponse({ type: AttachmentView })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415)
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @UploadedFile() file: UploadedFileData | undefined,
    @Body() body: UploadAttachmentRequestDto,
  ): Promise<AttachmentView> {
    return this.attachments.upload(user, id, file, body);
  }

  @Post('generated')
  @HttpCode(200)
  @ApiOperation({ summary: '按当前分工生成附件2（草稿）' })
  @ApiOkResponse({ type: AttachmentView, isArray: true })
  @ApiProblems(400, 401, 403, 404, 409)
  generate(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AttachmentView[]> {
    return this.attachments.generate(user, id);
  }

  @Get(':attachmentId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @ApiOperation({ summary: '下载公文附件（原始中文文件名）' })
  @ApiParam({ name: 'attachmentId', description: '附件文件编号' })
  @ApiFileResponse(Object.values(FILE_TYPES).map((t) => t.contentType), '文件内容（按上传时识别的类型）')
  @ApiProblems(401, 404)
  async download(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('attachmentId') attachmentId: string): Promise<StreamableFile> {
    const file = await this.attachments.download(user, id, attachmentId);
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: contentDisposition('attachment', file.fileName),
    });
  }

  @Put(':attachmentId')
  @UseInterceptors(UploadErrors, FileInterceptor('file'))
  @ApiOperation({ summary: '替换公文附件（草稿）', description: UPLOAD_RULES })
  @ApiParam({ name: 'attachmentId', description: '附件文件编号' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ReplaceAttachmentRequestDto })
  @ApiOkResponse({ type: AttachmentView })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415)
  replace(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @UploadedFile() file: UploadedFileData | undefined,
    @Body() body: ReplaceAttachmentRequestDto,
  ): Promise<AttachmentView> {
    return this.attachments.replace(user, id, attachmentId, file, body);
  }

  @Delete(':attachmentId')
  @HttpCode(204)
  @ApiOperation({ summary: '删除公文附件及其附件说明条目（草稿）' })
  @ApiParam({ name: 'attachmentId', description: '附件文件编号' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiProblems(401, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('attachmentId') attachmentId: string): Promise<void> {
    return this.attachments.remove(user, id, attachmentId);
  }
}
