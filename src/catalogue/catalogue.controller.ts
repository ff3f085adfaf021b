import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi.decorators.js';
import { CatalogueService } from './catalogue.service.js';
import { GoalCatalogueResponse } from './catalogue.view.js';
import { YearQueryDto } from './year.query.dto.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller()
export class CatalogueController {
  constructor(@Inject(CatalogueService) private readonly catalogue: CatalogueService) {}

  @Get('goals')
  @ApiOperation({ summary: '年度目标目录' })
  @ApiOkResponse({ type: GoalCatalogueResponse })
  @ApiProblems(400, 401, 404)
  goals(@Query() query: YearQueryDto) {
    return this.catalogue.goals(query.year ?? 2022);
  }

  @Get('templates/strategy-table')
  @ApiOperation({ summary: '策略表模板（JSON Schema）', description: '策略表（附件3）的 JSON Schema（draft 2020-12）；提交时按公文印发时冻结的模板校验。' })
  @ApiOkResponse({
    description: 'JSON Schema 文档（draft 2020-12），含 x-columns 列定义',
    schema: {
      type: 'object',
      additionalProperties: true,
      example: { $schema: 'https://json-schema.org/draft/2020-12/schema', title: '2022年度天津市医疗质量安全改进目标实施（改进）策略表', type: 'object' },
    },
  })
  @ApiProblems(400, 401, 404)
  strategyTable(@Query() query: YearQueryDto) {
    return this.catalogue.tableTemplate(String(query.year ?? 2022));
  }
}
