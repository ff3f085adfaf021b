import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { PublishingModule } from '../publishing/publishing.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsService } from './assignments.service.js';

@Module({
  imports: [CatalogueModule, WorkflowModule, IdempotencyModule, PublishingModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsService],
})
export class AssignmentsModule {}
