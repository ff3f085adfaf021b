import { Controller, Get, Inject, Logger, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { XLSX_MEDIA_TYPE, contentDisposition, downloadFile } from '../common/content-disposition.js';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { NoticeDownloads, type StreamedDownload } from './notice-downloads.service.js';

const PROBLEM = { 'application/problem+json': { schema: { type: 'object', properties: { code: { type: 'string' }, detail: { type: 'string' } } } } };
const binary = (type: string) => ({ [type]: { schema: { type: 'string', format: 'binary' } } });
const DISPOSITION = {
  'Content-Disposition': { description: 'attachment，中文文件名见 filename*=UTF-8…（RFC 5987），另附 ASCII 备用名', schema: { type: 'string' } },
};

/** The blank 附件3 of a notice, and the round's exports for the issuing commission. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticeDownloadsController {
  private readonly logger = new Logger('NoticeDownloads');

  constructor(@Inject(NoticeDownloads) private readonly downloads: NoticeDownloads) {}

  @Get(':id/strategy-table.xlsx')
  @ApiOperation({ summary: '下载附件3（空白策略表 .xlsx）', description: '按通知的分工，每个目标一张工作表；凡可查看该通知者均可下载。' })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ description: '附件3 工作簿', content: binary(XLSX_MEDIA_TYPE), headers: DISPOSITION })
  @ApiResponse({ status: 404, description: 'NOT_FOUND：公文不存在或无权查看', content: PROBLEM })
  async blankSheet(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return downloadFile(await this.downloads.blankSheet(user, id), XLSX_MEDIA_TYPE);
  }

  @Get(':id/export.xlsx')
  @ApiOperation({
    summary: '导出全部策略表（.xlsx）',
    description:
      '发文机关工作人员：汇总表（每单位一行）及每个目标一张工作表（每个已提交单位一行，最新版本，模板的全部列，另有版本、提交时间（北京时间）、是否逾期、状态）。流式输出。',
  })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ description: '汇总工作簿', content: binary(XLSX_MEDIA_TYPE), headers: DISPOSITION })
  @ApiResponse({ status: 403, description: 'FORBIDDEN：只有发文机关工作人员可以导出', content: PROBLEM })
  @ApiResponse({ status: 404, description: 'NOT_FOUND：公文不存在或无权查看', content: PROBLEM })
  async exportWorkbook(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response) {
    await this.stream(res, await this.downloads.workbook(user, id));
  }

  @Get(':id/export.zip')
  @ApiOperation({
    summary: '导出全部版本（.zip）',
    description:
      '发文机关工作人员：每个单位每个版本的策略表 PDF、回执 PDF 和 JSON（<单位代码>-<单位名称>/v<版本>/…），以及列出每个文件路径、大小和 sha256 的 manifest.json。流式输出。',
  })
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'ZIP 压缩包（文件名 UTF-8）', content: binary('application/zip'), headers: DISPOSITION })
  @ApiResponse({ status: 403, description: 'FORBIDDEN：只有发文机关工作人员可以导出', content: PROBLEM })
  @ApiResponse({ status: 404, description: 'NOT_FOUND：公文不存在或无权查看', content: PROBLEM })
  async exportArchive(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response) {
    await this.stream(res, await this.downloads.archive(user, id));
  }

  /** Access is settled before this (a refusal is still a problem+json); once the headers are out, a failure can only cut the stream. */
  private async stream(res: Response, download: StreamedDownload): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', download.type);
    res.setHeader('Content-Disposition', contentDisposition('attachment', download.filename));
    res.setHeader('Cache-Control', 'no-store');
    try {
      await download.write(res);
    } catch (error) {
      this.logger.error({ message: 'streamed download cut short', filename: download.filename, error: String(error) });
      res.destroy();
    }
  }
}
