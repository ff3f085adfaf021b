import { ApiProperty } from '@nestjs/swagger';
import { toOffsetIso } from '../common/beijing-time.js';
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind } from './identity.entities.js';

/** An organisation as every signed-in user may read it (reference data). */
export class OrganisationView {
  @ApiProperty({ description: '机构编号' })
  id!: string;

  @ApiProperty({ description: '机构代码（简短、稳定、全局唯一）', example: 'qc-cardio' })
  code!: string;

  @ApiProperty({ description: '机构名称', example: '天津市心血管内科医疗质量控制中心' })
  name!: string;

  @ApiProperty({ description: '机构类型', enum: ORGANISATION_KINDS })
  kind!: OrganisationKind;

  @ApiProperty({ description: '邮箱地址', type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ description: '发文字号前缀（如 津卫医政）', type: String, nullable: true })
  docPrefix!: string | null;

  @ApiProperty({ description: '是否已停用' })
  disabled!: boolean;

  @ApiProperty({ description: '停用时间（北京时间）', type: String, nullable: true, example: '2022-04-18T09:00:00+08:00' })
  disabledAt!: string | null;

  @ApiProperty({ description: '行版本，编辑时可回传以防覆盖他人的修改' })
  version!: number;
}

/** An organisation as named inside another answer (a user's). */
export class OrganisationRefView {
  @ApiProperty({ description: '机构编号' })
  id!: string;

  @ApiProperty({ description: '机构代码' })
  code!: string;

  @ApiProperty({ description: '机构名称' })
  name!: string;

  @ApiProperty({ description: '机构类型', enum: ORGANISATION_KINDS })
  kind!: OrganisationKind;
}

export function mapOrganisation(o: Organisation): OrganisationView {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind,
    email: o.email,
    docPrefix: o.docPrefix,
    disabled: o.disabledAt !== null,
    disabledAt: o.disabledAt && toOffsetIso(o.disabledAt),
    version: o.version,
  };
}

export function mapOrganisationRef(o: Organisation): OrganisationRefView {
  return { id: o.id, code: o.code, name: o.name, kind: o.kind };
}
