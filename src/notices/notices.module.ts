import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { PublishingModule } from '../publishing/publishing.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

@Module({
  imports: [CatalogueModule, WorkflowModule, IdempotencyModule, PublishingModule],
  controllers: [NoticesController],
  providers: [NoticesService],
  exports: [NoticesService],
})
export class NoticesModule {}
