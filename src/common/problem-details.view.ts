import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './errors.js';

/** One field a request got wrong: the machine-readable path and a message for people. */
export class ProblemFieldError {
  @ApiProperty({ description: '出错字段的路径（机器可读）', example: 'goals[1].baseline' })
  field!: string;

  @ApiProperty({ description: '给用户看的说明', example: '目标2022-03 的"基线值"不能为空' })
  message!: string;
}

/** Every error answer: `application/problem+json` (RFC 9457) with a stable `code` (see api.md). */
export class ProblemDetails {
  @ApiProperty({ description: '问题类型的 URI，随 code 而定', example: 'https://gongwen.example/problems/validation-failed' })
  type!: string;

  @ApiProperty({ description: '问题类型的中文标题', example: '请求内容有误' })
  title!: string;

  @ApiProperty({ description: 'HTTP 状态码', type: 'integer', example: 400 })
  status!: number;

  @ApiProperty({ description: '给用户看的中文说明', example: '请求内容有误：deadline' })
  detail!: string;

  @ApiProperty({ description: '稳定的错误码，客户端据此判断', enum: ERROR_CODES, enumName: 'ErrorCode', example: 'VALIDATION_FAILED' })
  code!: ErrorCode;

  @ApiPropertyOptional({ description: '校验失败（VALIDATION_FAILED）时逐字段的错误', type: () => [ProblemFieldError] })
  errors?: ProblemFieldError[];

  @ApiPropertyOptional({ description: '逐字段的错误最多列出 50 处；其余未列出的处数', type: 'integer', minimum: 1, example: 120 })
  errorsOmitted?: number;

  @ApiPropertyOptional({ description: '服务器内部错误（500）的编号，同时记入日志，报告问题时请提供', format: 'uuid' })
  errorId?: string;

  @ApiPropertyOptional({
    description: '请求编号（与响应头 X-Request-Id 相同），日志据此查找；报告问题时请一并提供。仅在请求无法解析时缺省',
    example: '5f0c2a1e-8d4b-4e57-9a7e-2c1b3d4e5f60',
  })
  requestId?: string;
}
