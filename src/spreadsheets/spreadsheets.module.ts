import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { StrategyWorkbooks } from './strategy-workbooks.service.js';

/**
 * 附件3 as a spreadsheet (blank, a center's own copy, a filled one read back)
 * and the round's export workbook. Depends on the catalogue alone: the notices,
 * assignments and files modules may all use it without a cycle.
 */
@Module({ imports: [CatalogueModule], providers: [StrategyWorkbooks], exports: [StrategyWorkbooks] })
export class SpreadsheetsModule {}
