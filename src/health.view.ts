import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ description: '服务状态：能读数据库即为 ok', enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ description: '所用数据库', enum: ['sqlite', 'postgres'], example: 'postgres' })
  database!: 'sqlite' | 'postgres';
}

export class LivenessResponse {
  @ApiProperty({ description: '进程在运行', enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

export class ReadinessResponse {
  @ApiProperty({
    description: 'ready：可接收请求；starting：启动中；draining：已收到停机信号，正在排空；database：数据库不可读',
    enum: ['ready', 'starting', 'draining', 'database'],
    example: 'ready',
  })
  status!: 'ready' | 'starting' | 'draining' | 'database';
}
