import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../workflows/roles.js';
import { toOffsetIso } from '../common/beijing-time.js';
import type { Organisation, User } from './identity.entities.js';
import { mapOrganisationRef, OrganisationRefView } from './organisation.view.js';

/** A user account, without any password material. */
export class UserView {
  @ApiProperty({ description: '用户编号' })
  id!: string;

  @ApiProperty({ description: '用户名（全系统唯一，小写）', example: 'reviewer' })
  username!: string;

  @ApiProperty({ description: '显示名称', example: '审核专家' })
  displayName!: string;

  @ApiProperty({ description: '所属机构', type: OrganisationRefView })
  organisation!: OrganisationRefView;

  @ApiProperty({ description: '角色', enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ description: '邮箱地址', type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ description: '是否已停用' })
  disabled!: boolean;

  @ApiProperty({ description: '停用时间（北京时间）', type: String, nullable: true })
  disabledAt!: string | null;

  @ApiProperty({ description: '是否须先修改密码（使用一次性密码登录时为 true）' })
  mustChangePassword!: boolean;

  @ApiProperty({ description: '行版本，编辑时可回传以防覆盖他人的修改' })
  version!: number;
}

/** What signing in answers. */
export class LoginView {
  @ApiProperty({ description: '访问令牌：其后每个请求以 Authorization: Bearer <令牌> 携带' })
  accessToken!: string;

  @ApiProperty({ description: '令牌到期时间（UTC）' })
  expiresAt!: string;

  @ApiProperty({ description: '为 true 时须先修改密码，在此之前只能调用 me、修改密码与退出登录' })
  mustChangePassword!: boolean;

  @ApiProperty({ description: '登录的用户', type: UserView })
  user!: UserView;
}

/** A new account or a reset password: the one-time password is shown in this answer only, never again. */
export class IssuedPasswordView {
  @ApiProperty({ description: '账号', type: UserView })
  user!: UserView;

  @ApiProperty({ description: '一次性密码：仅在此次应答中出现一次；用户首次登录后须立即修改', example: 'Xk7pQm2aRt9bHc4N' })
  oneTimePassword!: string;
}

/** A reviewer staff may assign, named as people read it. */
export class ReviewerView {
  @ApiProperty({ description: '用户编号（指定审核人时作为 reviewerIds 的元素）' })
  id!: string;

  @ApiProperty({ description: '用户名' })
  username!: string;

  @ApiProperty({ description: '显示名称' })
  displayName!: string;
}

export function mapUser(u: User, o: Organisation): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    organisation: mapOrganisationRef(o),
    roles: u.roles,
    email: u.email,
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt && toOffsetIso(u.disabledAt),
    mustChangePassword: u.passwordKind !== 'chosen',
    version: u.version,
  };
}

export function mapReviewer(u: Pick<User, 'id' | 'username' | 'displayName'>): ReviewerView {
  return { id: u.id, username: u.username, displayName: u.displayName };
}
