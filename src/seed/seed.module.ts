import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { ReferenceDataService } from './reference-data.service.js';

@Module({ imports: [IdentityModule, NoticesModule], providers: [ReferenceDataService], exports: [ReferenceDataService] })
export class SeedModule {}
