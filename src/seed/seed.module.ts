import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { ReferenceDataService } from './reference-data.service.js';

@Module({ imports: [WorkflowModule], providers: [ReferenceDataService], exports: [ReferenceDataService] })
export class SeedModule {}
