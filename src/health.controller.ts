import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from './common/current-user.js';
import { ApiProblems } from './common/openapi.decorators.js';
import { HealthResponse, LivenessResponse, ReadinessResponse } from './health.view.js';
import { Db } from './database/db.js';
import { ReadinessState } from './readiness.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadinessState) private readonly readiness: ReadinessState,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查（无需登录）', description: '能读数据库时答 200。' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiProblems()
  async health() {
    await this.db.read((sql) => sql.one('SELECT 1 AS ok'));
    return { status: 'ok', database: this.db.dialect };
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: '存活检查（无需登录）', description: '进程在运行即答 200，不访问数据库；不通时应重启实例。' })
  @ApiOkResponse({ type: LivenessResponse })
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary: '就绪检查（无需登录）',
    description: '迁移与基础数据已完成、数据库可读且未在停机时答 200；启动中、停机排空中（收到停机信号后）或数据库不可读时答 503，负载均衡应暂停向本实例转发。',
  })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse, description: '未就绪：starting、draining 或 database' })
  async ready(@Res({ passthrough: true }) res: Response) {
    let status: ReadinessResponse['status'] = this.readiness.current;
    if (status === 'ready') {
      status = await this.db
        .read((sql) => sql.one('SELECT 1 AS ok'))
        .then(
          () => 'ready' as const,
          () => 'database' as const,
        );
    }
    if (status !== 'ready') res.status(503);
    return { status };
  }
}
