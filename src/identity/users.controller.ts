import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { sendPage, type HeaderSink } from '../common/paging.js';
import { PAGE_HEADERS } from './page-headers.js';
import { CreateUserRequestDto, ReviewerQueryDto, UpdateUserRequestDto, UserQueryDto } from './user.request.dto.js';
import { IssuedPasswordView, ReviewerView, UserView } from './user.view.js';
import { UsersService } from './users.service.js';

/** Accounts: an administrator manages all, staff those of their own commission. */
@ApiTags('账号管理')
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '账号列表（分页；系统管理员看全部，工作人员看本委；可按姓名、机构、角色、是否停用筛选）' })
  @ApiOkResponse({ type: UserView, isArray: true, headers: PAGE_HEADERS })
  @ApiBearerAuth()
  async list(@CurrentUser() user: AuthUser, @Query() query: UserQueryDto, @Res({ passthrough: true }) res: HeaderSink): Promise<UserView[]> {
    return sendPage(res, query, await this.users.list(user, query));
  }

  @Get(':id')
  @ApiOperation({ summary: '账号详情' })
  @ApiOkResponse({ type: UserView })
  @ApiBearerAuth()
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<UserView> {
    return this.users.get(user, id);
  }

  @Post()
  @ApiOperation({ summary: '新建账号：应答中给出一次性密码（仅此一次），用户首次登录后须修改' })
  @ApiCreatedResponse({ type: IssuedPasswordView })
  @ApiBearerAuth()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserRequestDto): Promise<IssuedPasswordView> {
    return this.users.create(user, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改账号：用户名、显示名称、机构、角色、邮箱（改角色或机构会立即结束其所有会话）' })
  @ApiOkResponse({ type: UserView })
  @ApiBearerAuth()
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: UpdateUserRequestDto): Promise<UserView> {
    return this.users.update(user, id, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '停用账号：不能再登录，现有会话立即结束' })
  @ApiOkResponse({ type: UserView })
  @ApiBearerAuth()
  disable(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<UserView> {
    return this.users.setDisabled(user, id, true);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: '重新启用账号' })
  @ApiOkResponse({ type: UserView })
  @ApiBearerAuth()
  enable(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<UserView> {
    return this.users.setDisabled(user, id, false);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({ summary: '重置密码：应答中给出新的一次性密码（仅此一次），该用户所有会话立即结束' })
  @ApiOkResponse({ type: IssuedPasswordView })
  @ApiBearerAuth()
  resetPassword(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<IssuedPasswordView> {
    return this.users.resetPassword(user, id);
  }
}

/** The reviewers staff may assign to an assignment. */
@ApiTags('账号管理')
@Controller('reviewers')
export class ReviewersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '可指定的审核人：本委在用的审核人账号（分页）' })
  @ApiOkResponse({ type: ReviewerView, isArray: true, headers: PAGE_HEADERS })
  @ApiBearerAuth()
  async list(@CurrentUser() user: AuthUser, @Query() query: ReviewerQueryDto, @Res({ passthrough: true }) res: HeaderSink): Promise<ReviewerView[]> {
    return sendPage(res, query, await this.users.reviewers(user, query));
  }
}
