import { Controller, Get, Inject, Query } from '@nestjs/common';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto } from './audit.query.dto.js';

@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: AuditQueryDto) {
    return this.audit.list(user, query);
  }
}
