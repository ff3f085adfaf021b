import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { sendPage, type HeaderSink } from '../common/paging.js';
import { InboxQueryDto } from './inbox.query.dto.js';
import { InboxService } from './inbox.service.js';
import { InboxItemView } from './inbox.view.js';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(@Inject(InboxService) private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: '我的待办（按截止时间由近及远）或已办（按办理时间由新到旧），分页；总数见 X-Total-Count' })
  @ApiOkResponse({
    type: [InboxItemView],
    headers: {
      'X-Total-Count': { description: '符合条件的总条数', schema: { type: 'integer' } },
      'X-Page': { description: '页码', schema: { type: 'integer' } },
      'X-Page-Size': { description: '每页条数', schema: { type: 'integer' } },
    },
  })
  async list(@CurrentUser() user: AuthUser, @Query() query: InboxQueryDto, @Res({ passthrough: true }) res: HeaderSink): Promise<InboxItemView[]> {
    return sendPage(res, query, await this.inbox.list(user, query));
  }
}
