import type { Role } from '../../workflows/roles.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { DomainError, forbidden, validationFailed } from '../common/errors.js';
import type { Organisation, OrganisationKind } from './identity.entities.js';

/** Roles that only make sense in one kind of organisation: a center's liaison, the commission's staff and leaders. */
const ROLE_KINDS: Partial<Record<Role, OrganisationKind>> = { center: 'center', staff: 'commission', leader: 'commission' };

const ROLE_NAMES: Record<Role, string> = { staff: '工作人员', leader: '分管领导', center: '质控中心联络员', reviewer: '审核人', admin: '系统管理员' };
const KIND_NAMES: Record<OrganisationKind, string> = {
  commission: '卫生健康委',
  center: '质控中心',
  district: '区卫生健康委',
  hospital: '医院',
  unit: '其他单位',
};

/** Admin manages every account; staff those of their own commission. Anyone else: 403. */
export function assertMayManageUsers(actor: AuthUser): void {
  if (!hasRole(actor, 'admin', 'staff')) throw forbidden('只有系统管理员或本委工作人员可以管理账号');
}

export function assertAdmin(actor: AuthUser, what: string): void {
  if (!hasRole(actor, 'admin')) throw forbidden(`只有系统管理员可以${what}`);
}

/**
 * Whether the actor may manage an account with this organisation and these
 * roles (checked on the account as it is and as it will be): staff only their
 * own commission's accounts, and never an administrator's nor the admin role.
 */
export function assertMayManage(actor: AuthUser, target: { organisationId: string; roles: readonly Role[] }): void {
  if (hasRole(actor, 'admin')) return;
  assertMayManageUsers(actor);
  if (target.organisationId !== actor.organisationId) throw forbidden('工作人员只能管理本委机构的账号');
  if (target.roles.includes('admin')) throw forbidden('工作人员不能管理系统管理员账号，也不能授予系统管理员角色');
}

/** A center liaison belongs to a QC center, staff and leaders to a commission. */
export function assertRolesFit(roles: readonly Role[], organisation: Organisation, field = 'roles'): void {
  const misfits = roles.filter((r) => ROLE_KINDS[r] !== undefined && ROLE_KINDS[r] !== organisation.kind);
  if (misfits.length > 0) {
    const message = misfits.map((r) => `「${ROLE_NAMES[r]}」角色只能属于${KIND_NAMES[ROLE_KINDS[r]!]}`).join('；');
    throw validationFailed(`角色与所属机构（${organisation.name}，${KIND_NAMES[organisation.kind]}）不符：${message}`, [{ field, message }]);
  }
}

/** An organisation named in a request body: it must exist and be in use. */
export function assertUsableOrganisation(organisation: Organisation | undefined, field = 'organisationId'): asserts organisation is Organisation {
  if (!organisation) throw validationFailed('所选机构不存在', [{ field, message: '机构不存在' }]);
  if (organisation.disabledAt !== null) throw validationFailed(`机构「${organisation.name}」已停用，不能为其设置账号`, [{ field, message: '机构已停用' }]);
}

export const usernameTaken = (username: string) => new DomainError('USERNAME_TAKEN', `用户名「${username}」已被使用，请换一个`);
export const organisationCodeTaken = (code: string) => new DomainError('ORGANISATION_CODE_TAKEN', `机构代码「${code}」已被使用，请换一个`);
export const staleVersion = (what: string) => new DomainError('VERSION_CONFLICT', `${what}已被他人修改，请刷新后重试`);
