import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { sendPage, type HeaderSink } from '../common/paging.js';
import { CreateOrganisationRequestDto, OrganisationQueryDto, UpdateOrganisationRequestDto } from './organisation.request.dto.js';
import { OrganisationView } from './organisation.view.js';
import { OrganisationsService } from './organisations.service.js';
import { PAGE_HEADERS } from './page-headers.js';

/** Organisations: read by every signed-in user, changed by an administrator. */
@ApiTags('机构')
@Controller('organisations')
export class OrganisationsController {
  constructor(@Inject(OrganisationsService) private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({ summary: '机构列表（分页；可按代码或名称、类型、是否停用筛选）' })
  @ApiOkResponse({ type: OrganisationView, isArray: true, headers: PAGE_HEADERS })
  @ApiBearerAuth()
  async list(@Query() query: OrganisationQueryDto, @Res({ passthrough: true }) res: HeaderSink): Promise<OrganisationView[]> {
    return sendPage(res, query, await this.organisations.list(query));
  }

  @Get(':id')
  @ApiOperation({ summary: '机构详情' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiBearerAuth()
  get(@Param('id') id: string): Promise<OrganisationView> {
    return this.organisations.get(id);
  }

  @Post()
  @ApiOperation({ summary: '新建机构（系统管理员）' })
  @ApiCreatedResponse({ type: OrganisationView })
  @ApiBearerAuth()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateOrganisationRequestDto): Promise<OrganisationView> {
    return this.organisations.create(user, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改机构（系统管理员）：类型、代码、名称、邮箱、发文字号前缀' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiBearerAuth()
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: UpdateOrganisationRequestDto): Promise<OrganisationView> {
    return this.organisations.update(user, id, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '停用机构（系统管理员）：其用户不能再登录，现有会话立即结束' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiBearerAuth()
  disable(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<OrganisationView> {
    return this.organisations.setDisabled(user, id, true);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: '重新启用机构（系统管理员）' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiBearerAuth()
  enable(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<OrganisationView> {
    return this.organisations.setDisabled(user, id, false);
  }
}
