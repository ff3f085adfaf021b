import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ description: '服务状态：能读数据库即为 ok', enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ description: '所用数据库', enum: ['sqlite', 'postgres'], example: 'postgres' })
  database!: 'sqlite' | 'postgres';
}
