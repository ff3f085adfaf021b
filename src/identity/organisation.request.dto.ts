import { Label } from '../common/labels.js';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../common/paging.js';
import { ORGANISATION_KINDS, type OrganisationKind } from './identity.entities.js';
import { booleanQuery } from './user.request.dto.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const CODE_MESSAGE = '机构代码须为 1–64 个字母、数字或连字符，并以字母或数字开头';
const KIND_MESSAGE = `机构类型须为 ${ORGANISATION_KINDS.join('、')} 之一`;

export class CreateOrganisationRequestDto {
  @ApiProperty({ description: '机构类型', enum: ORGANISATION_KINDS, example: 'center' })
  @IsIn(ORGANISATION_KINDS, { message: KIND_MESSAGE })
  @Label('机构类型')
  kind!: OrganisationKind;

  @ApiProperty({ description: '机构代码（全系统唯一，保存为小写）', example: 'qc-rehab' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  @Label('机构代码')
  code!: string;

  @ApiProperty({ description: '机构名称', example: '天津市康复医学医疗质量控制中心' })
  @IsString()
  @Matches(/\S/, { message: '机构名称不能为空' })
  @MaxLength(200)
  @Label('机构名称')
  name!: string;

  @ApiPropertyOptional({ description: '邮箱地址', type: String, nullable: true })
  @IsOptional()
  @IsEmail({}, { message: '邮箱地址格式不正确' })
  @MaxLength(200)
  @Label('邮箱地址')
  email?: string | null;

  @ApiPropertyOptional({ description: '发文字号前缀（如 津卫医政）', type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: '发文字号前缀不能为空白' })
  @MaxLength(32)
  @Label('发文字号前缀')
  docPrefix?: string | null;
}

/** Only the fields given change; `email: null` or `docPrefix: null` clears it. */
export class UpdateOrganisationRequestDto extends PartialType(CreateOrganisationRequestDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: '读取时的行版本；与当前版本不同时答 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '按机构代码或名称查找（包含即可，不区分大小写）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: '机构类型', enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS, { message: KIND_MESSAGE })
  @Label('机构类型')
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'true 仅停用的，false 仅在用的；不填为全部', type: Boolean })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'disabled 须为 true 或 false' })
  @Label('是否停用')
  disabled?: boolean;
}
