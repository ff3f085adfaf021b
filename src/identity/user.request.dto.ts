import { Label } from '../common/labels.js';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../../workflows/roles.js';
import { PageQueryDto } from '../common/paging.js';

export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
const USERNAME_MESSAGE = '用户名须为 2–64 个字母、数字、点、下划线或连字符，并以字母或数字开头';
const ROLE_MESSAGE = `角色须为 ${ROLES.join('、')} 之一`;

/** `?disabled=true|false` as a boolean; anything else stays as given and fails IsBoolean. */
export const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateUserRequestDto {
  @ApiProperty({ description: '用户名（全系统唯一，保存为小写）', example: 'expert-zhang' })
  @IsString()
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  username!: string;

  @ApiProperty({ description: '显示名称', example: '张专家' })
  @IsString()
  @Matches(/\S/, { message: '显示名称不能为空' })
  @MaxLength(200)
  @Label('显示名称')
  displayName!: string;

  @ApiProperty({ description: '所属机构编号' })
  @IsString()
  @MinLength(1)
  @MaxLength(36)
  organisationId!: string;

  @ApiProperty({ description: '角色（至少一个）', enum: ROLES, isArray: true, example: ['reviewer'] })
  @IsArray()
  @ArrayMinSize(1, { message: '至少需要一个角色' })
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique({ message: '角色不能重复' })
  @IsIn(ROLES, { each: true, message: ROLE_MESSAGE })
  @Label('角色')
  roles!: Role[];

  @ApiPropertyOptional({ description: '邮箱地址', type: String, nullable: true, example: 'zhang@example.cn' })
  @IsOptional()
  @IsEmail({}, { message: '邮箱地址格式不正确' })
  @MaxLength(200)
  @Label('邮箱地址')
  email?: string | null;
}

/** Only the fields given change; `email: null` clears it. Changing roles or organisation ends the user's sessions. */
export class UpdateUserRequestDto extends PartialType(CreateUserRequestDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: '读取时的行版本；与当前版本不同时答 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '按用户名或显示名称查找（包含即可，不区分大小写）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: '所属机构编号' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  organisationId?: string;

  @ApiPropertyOptional({ description: '具有此角色', enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: ROLE_MESSAGE })
  role?: Role;

  @ApiPropertyOptional({ description: 'true 仅停用的，false 仅在用的；不填为全部', type: Boolean })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'disabled 须为 true 或 false' })
  @Label('是否停用')
  disabled?: boolean;
}

export class ReviewerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '按用户名或显示名称查找（包含即可，不区分大小写）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ description: '当前密码（或管理员给出的一次性密码）' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Label('当前密码')
  currentPassword!: string;

  @ApiProperty({ description: '新密码：至少 10 个字符，不能包含用户名，不能是常见密码' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Label('新密码')
  newPassword!: string;
}
