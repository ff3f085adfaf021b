import { ApiProperty } from '@nestjs/swagger';
import type { StoredAttachment } from './attachment.entities.js';

/** A file of a notice's 附件说明, as a client sees it (never its bytes). */
export class AttachmentView {
  @ApiProperty({ description: '附件文件编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '附件序号（附件说明中的“附件N”）', minimum: 1, maximum: 99, example: 1 })
  no!: number;

  @ApiProperty({ description: '附件标题（与公文附件说明一致）', example: '天津市落实2022年国家医疗质量安全改进目标分工' })
  title!: string;

  @ApiProperty({ description: '原始文件名（已去除路径和控制字符）', example: '国卫办医函〔2022〕58号.pdf' })
  fileName!: string;

  @ApiProperty({ description: '按文件内容识别的类型', example: 'application/pdf' })
  contentType!: string;

  @ApiProperty({ description: '字节数', example: 182044 })
  size!: number;

  @ApiProperty({ description: '文件内容的 SHA-256（十六进制）', pattern: '^[0-9a-f]{64}$' })
  sha256!: string;

  @ApiProperty({ description: '是否由系统生成（附件2 分工表）' })
  generated!: boolean;

  @ApiProperty({ description: '下载地址（需登录）', example: '/api/notices/…/attachments/…' })
  downloadUrl!: string;

  @ApiProperty({ description: '上传时间（ISO 8601）' })
  createdAt!: string;

  @ApiProperty({ description: '最近替换时间（ISO 8601）' })
  updatedAt!: string;
}

export function attachmentPath(noticeId: string, attachmentId: string): string {
  return `/api/notices/${noticeId}/attachments/${attachmentId}`;
}

export function mapAttachment(a: StoredAttachment, title: string): AttachmentView {
  return {
    id: a.id,
    no: a.no,
    title,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    generated: a.generator !== null,
    downloadUrl: attachmentPath(a.noticeId, a.id),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
