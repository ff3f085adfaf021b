import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginRequestDto {
  @ApiProperty({ description: '登录名', minLength: 1, maxLength: 64, example: 'staff' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ description: '密码', minLength: 1, maxLength: 200, format: 'password', example: 'demo-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
