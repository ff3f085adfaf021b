import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './common/current-user.js';
import { ApiProblems } from './common/openapi.decorators.js';
import { HealthResponse } from './health.view.js';
import { Db } from './database/db.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(Db) private readonly db: Db) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查（无需登录）', description: '能读数据库时答 200。' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiProblems()
  async health() {
    await this.db.read((sql) => sql.one('SELECT 1 AS ok'));
    return { status: 'ok', database: this.db.dialect };
  }
}
