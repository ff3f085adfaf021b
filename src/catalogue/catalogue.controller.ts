import { Controller, Get, Inject, Query } from '@nestjs/common';
import { CatalogueService } from './catalogue.service.js';
import { YearQueryDto } from './year.query.dto.js';

@Controller()
export class CatalogueController {
  constructor(@Inject(CatalogueService) private readonly catalogue: CatalogueService) {}

  @Get('goals')
  goals(@Query() query: YearQueryDto) {
    return this.catalogue.goals(query.year ?? 2022);
  }

  @Get('templates/strategy-table')
  strategyTable(@Query() query: YearQueryDto) {
    return this.catalogue.tableTemplate(String(query.year ?? 2022));
  }
}
