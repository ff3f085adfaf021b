import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Put, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
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
  @ApiConflictResponse({ description: '公文已提交核稿或印发，附件已冻结（ATTACHMENTS_FROZEN）' })
  @ApiPayloadTooLargeResponse({ description: '文件超过上限（PAYLOAD_TOO_LARGE）' })
  @ApiUnsupportedMediaTypeResponse({ description: '文件类型不受支持（UNSUPPORTED_MEDIA_TYPE）' })
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
  @ApiConflictResponse({ description: '公文已提交核稿或印发，附件已冻结（ATTACHMENTS_FROZEN）' })
  generate(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AttachmentView[]> {
    return this.attachments.generate(user, id);
  }

  @Get(':attachmentId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @ApiOperation({ summary: '下载公文附件（原始中文文件名）' })
  @ApiParam({ name: 'attachmentId', description: '附件文件编号' })
  @ApiProduces('application/pdf', 'application/ofd', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg')
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
  @ApiConflictResponse({ description: '公文已提交核稿或印发，附件已冻结（ATTACHMENTS_FROZEN）' })
  @ApiPayloadTooLargeResponse({ description: '文件超过上限（PAYLOAD_TOO_LARGE）' })
  @ApiUnsupportedMediaTypeResponse({ description: '文件类型不受支持（UNSUPPORTED_MEDIA_TYPE）' })
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
  @ApiConflictResponse({ description: '公文已提交核稿或印发，附件已冻结（ATTACHMENTS_FROZEN）' })
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('attachmentId') attachmentId: string): Promise<void> {
    return this.attachments.remove(user, id, attachmentId);
  }
}
