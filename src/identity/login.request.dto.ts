import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Label } from '../common/labels.js';

export class LoginRequestDto {
  @ApiProperty({ description: '用户名（不区分大小写）', minLength: 1, maxLength: 64, example: 'staff' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Label('用户名')
  username!: string;

  @ApiProperty({ description: '密码，或管理员给出的一次性密码', minLength: 1, maxLength: 200, format: 'password', example: 'demo-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Label('密码')
  password!: string;
}
