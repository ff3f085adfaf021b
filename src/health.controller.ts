import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from './common/current-user.js';
import { Db } from './database/db.js';

@Controller('health')
export class HealthController {
  constructor(@Inject(Db) private readonly db: Db) {}

  @Public()
  @Get()
  async health() {
    await this.db.read((sql) => sql.one('SELECT 1 AS ok'));
    return { status: 'ok', database: this.db.dialect };
  }
}
