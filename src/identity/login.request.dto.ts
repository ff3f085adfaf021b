import { IsString, MaxLength, MinLength } from 'class-validator';
import { Label } from '../common/labels.js';

export class LoginRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Label('用户名')
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Label('密码')
  password!: string;
}
