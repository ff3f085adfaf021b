import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role, type SameMembers } from '../../workflows/roles.js';
import type { OrganisationKind } from './identity.entities.js';

/** The kinds of organisation, listed for the document; the check below keeps the list equal to the type. */
export const ORGANISATION_KINDS = ['commission', 'center', 'district', 'hospital', 'unit'] as const;
const kindsListed: SameMembers<(typeof ORGANISATION_KINDS)[number], OrganisationKind> = true;
void kindsListed;

/** The organisation a user belongs to, as shown beside the user. */
export class UserOrganisationResponse {
  @ApiProperty({ description: '机构编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '机构简码，稳定不变', example: 'tjwjw' })
  code!: string;

  @ApiProperty({ description: '机构名称', example: '天津市卫生健康委员会' })
  name!: string;

  @ApiProperty({ description: '机构类别', enum: ORGANISATION_KINDS, enumName: 'OrganisationKind', example: 'commission' })
  kind!: OrganisationKind;
}

/** The signed-in user (`GET /api/me`, and with the token after sign-in). */
export class UserResponse {
  @ApiProperty({ description: '用户编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '登录名', example: 'staff' })
  username!: string;

  @ApiProperty({ description: '显示名', example: '医政医管处 工作人员' })
  displayName!: string;

  @ApiProperty({ type: () => UserOrganisationResponse })
  organisation!: UserOrganisationResponse;

  @ApiProperty({ description: '角色', enum: ROLES, enumName: 'Role', isArray: true, example: ['staff'] })
  roles!: Role[];
}

export class LoginResponse {
  @ApiProperty({ description: '访问令牌：之后每个请求带 `Authorization: Bearer <accessToken>`', example: 'eyJhbGciOiJIUzI1NiJ9…' })
  accessToken!: string;

  @ApiProperty({ description: '令牌过期时刻', format: 'date-time', example: '2022-04-18T17:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({ type: () => UserResponse })
  user!: UserResponse;
}
