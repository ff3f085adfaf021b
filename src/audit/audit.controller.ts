import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi.decorators.js';
import { RequireRoles } from '../common/required-roles.js';
import { AuditVerifier } from './audit-verifier.service.js';
import { ChainReportView, mapChainReport } from './chain-report.view.js';

/** The audit trail's integrity: for administrators. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditVerifier) private readonly verifier: AuditVerifier) {}

  @Get('verify')
  @RequireRoles(['admin'], '只有系统管理员可以核验审计日志')
  @ApiOperation({ summary: '核验审计日志：逐条核对哈希链与最新校验点，给出最先断开处；完整时写入新的校验点' })
  @ApiOkResponse({ type: ChainReportView })
  @ApiBearerAuth()
  @ApiProblems(401, 403)
  async verify(): Promise<ChainReportView> {
    return mapChainReport(await this.verifier.verify());
  }
}
