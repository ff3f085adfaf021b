import { Controller, Get, Inject, Logger, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { XLSX_MEDIA_TYPE, contentDisposition, downloadFile } from '../common/content-disposition.js';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { ApiFileResponse, ApiProblems } from '../common/openapi.decorators.js';
import { NoticeDownloads, type StreamedDownload } from './notice-downloads.service.js';

/** The blank 附件3 of a notice, and the round's exports for the issuing commission. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticeDownloadsController {
  private readonly logger = new Logger('NoticeDownloads');

  constructor(@Inject(NoticeDownloads) private readonly downloads: NoticeDownloads) {}

  @Get(':id/strategy-table.xlsx')
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiOperation({ summary: '下载附件3（空白策略表 .xlsx）', description: '按通知的分工，每个目标一张工作表；凡可查看该通知者均可下载。' })
  @ApiFileResponse(XLSX_MEDIA_TYPE, '附件3 工作簿')
  @ApiProblems(401, 404)
  async blankSheet(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return downloadFile(await this.downloads.blankSheet(user, id), XLSX_MEDIA_TYPE);
  }

  @Get(':id/export.xlsx')
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiOperation({
    summary: '导出全部策略表（.xlsx，发文机关）',
    description:
      '汇总表（每单位一行）及每个目标一张工作表：每个已提交单位一行（最新版本），模板的全部列，另有版本、提交时间（北京时间）、是否逾期、状态。边生成边输出。',
  })
  @ApiFileResponse(XLSX_MEDIA_TYPE, '汇总工作簿')
  @ApiProblems(401, 403, 404)
  async exportWorkbook(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response) {
    await this.stream(res, await this.downloads.workbook(user, id));
  }

  @Get(':id/export.zip')
  @ApiParam({ name: 'id', description: '公文编号' })
  @ApiOperation({
    summary: '导出全部版本（.zip，发文机关）',
    description:
      '每个单位每个版本的策略表 PDF、回执 PDF 和 JSON（<单位代码>-<单位名称>/v<版本>/…，文件名 UTF-8），以及列出每个文件路径、大小和 sha256 的 manifest.json。边生成边输出。',
  })
  @ApiFileResponse('application/zip', 'ZIP 压缩包')
  @ApiProblems(401, 403, 404)
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
