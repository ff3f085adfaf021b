import { Body, Controller, Inject, Param, Patch, Post, Put } from '@nestjs/common';
import { DtoArrayPipe } from '../common/validation-messages.js';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { NoticesService } from './notices.service.js';
import { CreateNoticeRequestDto, DivisionEntryDto, UpdateNoticeRequestDto } from './notice.request.dto.js';

/** Drafting (拟稿): the issuing commission's staff write and edit a draft and its division of labour. */
@Controller('notices')
export class NoticesController {
  constructor(@Inject(NoticesService) private readonly notices: NoticesService) {}

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateNoticeRequestDto) {
    return this.notices.create(user, body);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: UpdateNoticeRequestDto) {
    return this.notices.update(user, id, body);
  }

  @Put(':id/assignments')
  setDivision(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body(new DtoArrayPipe(DivisionEntryDto, '分工')) entries: DivisionEntryDto[]) {
    return this.notices.setDivision(user, id, entries);
  }
}
