import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { AssignmentRuntime } from './assignment-runtime.js';
import { NoticeRuntime } from './notice-runtime.js';

/** The runtime that applies events to notices and assignments. */
@Module({ imports: [CatalogueModule], providers: [AssignmentRuntime, NoticeRuntime], exports: [AssignmentRuntime, NoticeRuntime] })
export class WorkflowModule {}
