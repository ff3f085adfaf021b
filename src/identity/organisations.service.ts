import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../common/current-user.js';
import { DomainError, assertFound, forbidden } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { pageOf, type Paged } from '../common/paging.js';
import { Db, isUniqueViolation } from '../database/db.js';
import { assertDrawable } from '../documents/cjk-fonts.js';
import { accountAudit, accountState, changesOf } from './account-audit.js';
import { assertAdmin, assertRolesFit, organisationCodeTaken, staleVersion } from './account-rules.js';
import type { Organisation } from './identity.entities.js';
import { IdentityRepository } from './identity.repository.js';
import type { CreateOrganisationRequestDto, OrganisationQueryDto, UpdateOrganisationRequestDto } from './organisation.request.dto.js';
import { mapOrganisation, type OrganisationView } from './organisation.view.js';
import { SessionService } from './session.service.js';

const EDITABLE = ['kind', 'code', 'name', 'email', 'docPrefix'] as const;

/** Organisations: every signed-in user reads them (reference data); only an administrator changes them. */
@Injectable()
export class OrganisationsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdentityRepository) private readonly repository: IdentityRepository,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async list(query: OrganisationQueryDto): Promise<Paged<OrganisationView>> {
    const page = await this.db.read((sql) => this.repository.listOrganisations(sql, { q: query.q, kind: query.kind, disabled: query.disabled }, pageOf(query)));
    return { items: page.items.map(mapOrganisation), total: page.total };
  }

  async get(id: string): Promise<OrganisationView> {
    const organisation = await this.db.read((sql) => this.repository.organisation(sql, id));
    assertFound(organisation, '机构');
    return mapOrganisation(organisation);
  }

  async create(actor: AuthUser, body: CreateOrganisationRequestDto): Promise<OrganisationView> {
    assertAdmin(actor, '新建机构');
    // The name is printed on receipts and tables: a character the fonts lack is refused now, not when a PDF is built.
    assertDrawable(body.name, 'name');
    const code = body.code.toLowerCase();
    return this.db.tx(async (sql) => {
      if (await this.repository.organisationByCode(sql, code)) throw organisationCodeTaken(code);
      const at = this.clock.now().toISOString();
      const organisation: Organisation = {
        id: newId(),
        code,
        name: body.name.trim(),
        kind: body.kind,
        email: body.email ?? null,
        docPrefix: body.docPrefix?.trim() ?? null,
        disabledAt: null,
        version: 1,
      };
      // The unique index decides between two requests racing for one code.
      await this.orTaken(code, () => this.repository.insertOrganisations(sql, [organisation], at));
      const { id: _id, disabledAt: _d, version: _v, ...detail } = organisation;
      await this.audit.append(sql, [
        accountAudit(
          actor,
          at,
          { entity: 'organisation', id: organisation.id },
          { kind: 'organisation.created', event: 'CREATE', from: null, to: 'active', detail },
        ),
      ]);
      return mapOrganisation(organisation);
    });
  }

  async update(actor: AuthUser, id: string, body: UpdateOrganisationRequestDto): Promise<OrganisationView> {
    assertAdmin(actor, '修改机构');
    if (body.name) assertDrawable(body.name, 'name');
    return this.db.tx(async (sql) => {
      const organisation = await this.repository.organisation(sql, id);
      assertFound(organisation, '机构');
      if (body.version !== undefined && body.version !== organisation.version) throw staleVersion('该机构');
      const next: Organisation = {
        ...organisation,
        kind: body.kind ?? organisation.kind,
        code: body.code?.toLowerCase() ?? organisation.code,
        name: body.name?.trim() ?? organisation.name,
        email: body.email === undefined ? organisation.email : body.email,
        docPrefix: body.docPrefix === undefined ? organisation.docPrefix : (body.docPrefix?.trim() ?? null),
      };
      const changes = changesOf(organisation, next, EDITABLE);
      if (Object.keys(changes).length === 0) return mapOrganisation(organisation);
      // Its people's roles must still fit the new kind (a QC center's liaison belongs to a QC center).
      if (changes.kind) for (const user of await this.repository.usersOfOrganisation(sql, id)) assertRolesFit(user.roles, next, 'kind');
      if (changes.code && (await this.repository.organisationByCode(sql, next.code))) throw organisationCodeTaken(next.code);
      const at = this.clock.now().toISOString();
      // Compare-and-set on the row version: of two edits read at the same version, one wins.
      if (!(await this.orTaken(next.code, () => this.repository.updateOrganisation(sql, next, organisation.version, at)))) throw staleVersion('该机构');
      const state = accountState(organisation);
      await this.audit.append(sql, [
        accountAudit(actor, at, { entity: 'organisation', id }, { kind: 'organisation.edited', event: 'EDIT', from: state, to: state, detail: { changes } }),
      ]);
      return mapOrganisation({ ...next, version: organisation.version + 1 });
    });
  }

  /** Disabling refuses sign-in to its users and ends their sessions at once; enabling lets them sign in again. */
  async setDisabled(actor: AuthUser, id: string, disabled: boolean): Promise<OrganisationView> {
    assertAdmin(actor, disabled ? '停用机构' : '启用机构');
    return this.db.tx(async (sql) => {
      const organisation = await this.repository.organisation(sql, id);
      assertFound(organisation, '机构');
      if (disabled && organisation.id === actor.organisationId) throw forbidden('不能停用自己所在的机构');
      const at = this.clock.now().toISOString();
      // Compare-and-set on the disabled state: a second request finds it done and says so.
      if (!(await this.repository.setOrganisationDisabled(sql, id, disabled ? at : null, at))) {
        throw new DomainError('INVALID_TRANSITION', disabled ? '该机构已是停用状态' : '该机构未停用，无需启用');
      }
      if (disabled) await this.sessions.endAllOfOrganisation(sql, id);
      const act = disabled
        ? { kind: 'organisation.disabled' as const, event: 'DISABLE', from: 'active', to: 'disabled' }
        : { kind: 'organisation.enabled' as const, event: 'ENABLE', from: 'disabled', to: 'active' };
      await this.audit.append(sql, [accountAudit(actor, at, { entity: 'organisation', id }, act)]);
      const updated = await this.repository.organisation(sql, id);
      assertFound(updated, '机构');
      return mapOrganisation(updated);
    });
  }

  private async orTaken<T>(code: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw organisationCodeTaken(code);
      throw error;
    }
  }
}
