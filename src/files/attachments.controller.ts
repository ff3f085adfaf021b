import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { contentDisposition } from '../common/content-disposition.js';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { AttachmentsService, type UploadedFileData } from './attachments.service.js';
import { ReplaceAttachmentRequestDto, UploadAttachmentRequestDto } from './attachment.request.dto.js';
import { AttachmentView } from './attachment.view.js';
import { UploadErrors } from './upload-errors.interceptor.js';
import { FILE_TYPES } from './file-types.js';

const WRITE_REFUSALS = [
  ApiBadRequestResponse({ description: '表单有误、未选择文件、序号被占用或属于系统生成的附件（VALIDATION_FAILED）' }),
  ApiForbiddenResponse({ description: '只有发文机关的工作人员可以管理附件（FORBIDDEN）' }),
  ApiConflictResponse({ description: '公文已提交核稿或印发，附件已冻结（ATTACHMENTS_FROZEN）；或公文已被他人修改（VERSION_CONFLICT）' }),
];
const UPLOAD_REFUSALS = [
  ApiPayloadTooLargeResponse({ description: '文件超过 ATTACHMENT_MAX_BYTES 上限，未保存（PAYLOAD_TOO_LARGE）' }),
  ApiUnsupportedMediaTypeResponse({ description: '按内容识别不是 PDF、OFD、DOCX、XLSX、PNG 或 JPEG，未保存（UNSUPPORTED_MEDIA_TYPE）' }),
];

/** A notice's files (附件): listed and downloaded by its readers, managed by its staff while it is a draft. */
@ApiTags('attachments')
@ApiBearerAuth()
@ApiParam({ name: 'id', description: '公文编号' })
@ApiNotFoundResponse({ description: '公文或附件不存在，或无权查看（NOT_FOUND）' })
@Controller('notices/:id/attachments')
export class AttachmentsController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @Get()
  @ApiOperation({ summary: '列出公文附件（含 SHA-256）' })
  @ApiOkResponse({ type: AttachmentView, isArray: true })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AttachmentView[]> {
    return this.attachments.list(user, id);
  }

  @Post()
  @UseInterceptors(UploadErrors, FileInterceptor('file'))
  @ApiOperation({ summary: '上传公文附件（草稿）' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadAttachmentRequestDto })
  @ApiCreatedResponse({ type: AttachmentView })
  @applyDecorators(...WRITE_REFUSALS, ...UPLOAD_REFUSALS)
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
  @applyDecorators(...WRITE_REFUSALS)
  generate(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AttachmentView[]> {
    return this.attachments.generate(user, id);
  }

  @Get(':attachmentId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @ApiOperation({ summary: '下载公文附件（原始中文文件名）' })
  @ApiParam({ name: 'attachmentId', description: '附件文件编号' })
  @ApiProduces(...Object.values(FILE_TYPES).map((t) => t.contentType))
  @ApiOkResponse({ description: '文件内容；Content-Disposition 带 RFC 5987 filename*', schema: { type: 'string', format: 'binary' } })
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
  @ApiOperation({ summary: '替换公文附件（草稿）' })
  @ApiParam({ name: 'attachmentId', description: '附件文件编号' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ReplaceAttachmentRequestDto })
  @ApiOkResponse({ type: AttachmentView })
  @applyDecorators(...WRITE_REFUSALS, ...UPLOAD_REFUSALS)
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
  @applyDecorators(...WRITE_REFUSALS)
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('attachmentId') attachmentId: string): Promise<void> {
    return this.attachments.remove(user, id, attachmentId);
  }
}
