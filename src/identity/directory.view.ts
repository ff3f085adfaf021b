import { ApiProperty } from '@nestjs/swagger';
import type { OrganisationKind } from './identity.entities.js';
import { ORGANISATION_KINDS } from './session.view.js';

/** An organisation of the directory: the commission, the QC centers, districts, hospitals. */
export class OrganisationResponse {
  @ApiProperty({ description: '机构编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '机构简码，稳定不变', example: 'qc-cardio' })
  code!: string;

  @ApiProperty({ description: '机构名称', example: '天津市心血管内科医疗质量控制中心' })
  name!: string;

  @ApiProperty({ description: '机构类别', enum: ORGANISATION_KINDS, enumName: 'OrganisationKind', example: 'center' })
  kind!: OrganisationKind;

  @ApiProperty({ description: '机构邮箱（接收公文与回执）', type: 'string', format: 'email', nullable: true, example: 'cardio@qc.tianjin.example' })
  email!: string | null;
}

/** An organisation named beside something else (a notice's issuer, an assignment's center). */
export class OrganisationRefResponse {
  @ApiProperty({ description: '机构编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '机构简码', example: 'qc-cardio' })
  code!: string;

  @ApiProperty({ description: '机构名称', example: '天津市心血管内科医疗质量控制中心' })
  name!: string;
}
