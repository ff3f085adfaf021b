import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseArrayPipe, Patch, Post, Put } from '@nestjs/common';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { pdfFile } from '../common/pdf-file.js';
import { NoticesService } from './notices.service.js';
import { CreateNoticeRequestDto, DivisionEntryDto, NoticeEventRequestDto, UpdateNoticeRequestDto } from './notice.request.dto.js';

@Controller('notices')
export class NoticesController {
  constructor(@Inject(NoticesService) private readonly notices: NoticesService) {}

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateNoticeRequestDto) {
    return this.notices.create(user, body);
  }

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.notices.list(user);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notices.get(user, id);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: UpdateNoticeRequestDto) {
    return this.notices.update(user, id, body);
  }

  @Put(':id/assignments')
  setDivision(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ParseArrayPipe({ items: DivisionEntryDto, whitelist: true, forbidNonWhitelisted: true })) entries: DivisionEntryDto[],
  ) {
    return this.notices.setDivision(user, id, entries);
  }

  @Post(':id/events')
  @HttpCode(200)
  event(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: NoticeEventRequestDto, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.notices.applyEvent(user, id, body, idempotencyKey);
  }

  @Get(':id/document.pdf')
  async document(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return pdfFile(await this.notices.documentPdf(user, id));
  }

  @Get(':id/progress')
  progress(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notices.progress(user, id);
  }
}
