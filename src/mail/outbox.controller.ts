import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentUser, type AuthUser } from '../common/current-user.js';
import { OutboxAdminService } from './outbox-admin.service.js';

export class OutboxQueryDto {
  @IsOptional()
  @IsIn(['pending', 'sent', 'dead', 'dropped'])
  status?: 'pending' | 'sent' | 'dead' | 'dropped';
}

@Controller('outbox')
export class OutboxController {
  constructor(@Inject(OutboxAdminService) private readonly outbox: OutboxAdminService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: OutboxQueryDto) {
    return this.outbox.list(user, query.status ?? null);
  }

  @Post(':id/resend')
  @HttpCode(200)
  resend(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.outbox.resend(user, id);
  }
}
