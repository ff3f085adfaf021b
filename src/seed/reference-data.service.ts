import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { APP_CONFIG, ConfigError, type AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.js';
import { underStartupLock } from '../database/startup-lock.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { templatePath } from '../common/project-paths.js';
import { hashPassword } from '../identity/password.js';
import type { NewOrganisation as Organisation, NewUser as User, OrganisationKind } from '../identity/identity.entities.js';
import { IdentityService } from '../identity/identity.service.js';
import type { DivisionEntry, Notice } from '../notices/notice.entities.js';
import { NoticeStore } from '../notices/notice-store.service.js';
import { initialNoticeSnapshot } from '../notices/notice-transition.js';
import type { Role } from '../../workflows/roles.js';
import { demoPasswordOf } from './demo-passwords.js';

interface ReferenceFile {
  commission: { code: string; name: string; kind: 'commission'; email: string; docPrefix: string };
  organisations: { code: string; name: string; kind: OrganisationKind; email: string }[];
  division: { goalCode: string; lead: string; partners: string[] }[];
  notice: {
    title: string;
    recipients: string[];
    body: string;
    attachments: { no: number; title: string }[];
    deadline: string;
    timeZone: string;
    mailbox: string;
    campaignYear: number;
    tableTemplate: string;
  };
}

export interface SeedReport {
  seeded: boolean;
  /** Each demo account with its own password: printed once at first start, never stored in clear. */
  accounts: { username: string; roles: Role[]; organisation: string; password: string }[];
  /** Whether the passwords derive from DEMO_PASSWORD (else from a secret generated at this start and forgotten). */
  fromDemoPassword: boolean;
  referenceNoticeId: string | null;
}

/**
 * Loads the reference case of domain.md into an empty database, once: the
 * organisations always; the demo accounts and the reference notice (drafted
 * by the demo staff account) never under NODE_ENV=production.
 */
@Injectable()
export class ReferenceDataService implements OnModuleInit {
  private readonly logger = new Logger('ReferenceData');
  report: SeedReport = { seeded: false, accounts: [], fromDemoPassword: false, referenceNoticeId: null };

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(NoticeStore) private readonly notices: NoticeStore,
  ) {}

  async onModuleInit(): Promise<void> {
    // Instances started at once: one loads the data, the others wait and find it there.
    await underStartupLock(this.db.dataSource, () => this.seedIfEmpty());
  }

  private async seedIfEmpty(): Promise<void> {
    if (!this.config.demoAccounts) {
      await this.loadOrganisationsOnly();
      return;
    }
    if ((await this.identity.countUsers()) > 0) return;
    const file = JSON.parse(readFileSync(templatePath('reference', 'tianjin-2022.json'), 'utf8')) as ReferenceFile;
    const secret = this.config.demoPassword ?? randomBytes(32).toString('base64url');
    const at = this.clock.now().toISOString();

    const { commission, orgs } = organisationsOf(file);
    const byCode = new Map(orgs.map((o) => [o.code, o]));
    const accounts = demoAccounts(commission, orgs);
    const passwords = accounts.map((a) => this.demoPassword(secret, a.username));
    const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
    const staff = accounts[1];
    const staffId = newId();
    const noticeId = newId();

    await this.db.tx(async (sql) => {
      const users: User[] = accounts.map((a, i) => ({
        id: a === staff ? staffId : newId(),
        username: a.username,
        displayName: a.displayName,
        organisationId: a.org.id,
        roles: a.roles,
        passwordHash: hashes[i],
      }));
      await this.identity.provision(sql, orgs, users, at);
      const notice = referenceNotice(file, { id: noticeId, commission, byCode, createdBy: staffId, at });
      await this.notices.insert(sql, notice, {
        at,
        actorId: staffId,
        actorOrgId: commission.id,
        entity: 'notice',
        entityId: noticeId,
        event: 'CREATE',
        kind: 'notice.created',
        from: null,
        to: 'draft',
        payload: file.notice,
        detail: { source: 'reference data' },
      });
    });
    this.report = {
      seeded: true,
      accounts: accounts.map((a, i) => ({ username: a.username, roles: a.roles, organisation: a.org.name, password: passwords[i] })),
      fromDemoPassword: this.config.demoPassword !== null,
      referenceNoticeId: noticeId,
    };
    this.logger.log(`reference data loaded: ${orgs.length} organisations, ${accounts.length} accounts, the reference notice as a draft`);
  }

  /** Each account's own password, held to the rules every chosen password is held to. */
  private demoPassword(secret: string, username: string): string {
    const password = demoPasswordOf(secret, username);
    const problems = this.identity.passwordProblems(password, username);
    if (problems.length > 0) throw new ConfigError(`the demo password of ${username} is refused (${problems.join('; ')}): choose another DEMO_PASSWORD`);
    return password;
  }

  /** The code of the reference data's commission (`npm run admin:create` puts the first administrator there by default). */
  commissionCode(): string {
    return (JSON.parse(readFileSync(templatePath('reference', 'tianjin-2022.json'), 'utf8')) as ReferenceFile).commission.code;
  }

  /** Production: the commission and its QC centers, no account (the first administrator is made by hand, see README). */
  private async loadOrganisationsOnly(): Promise<void> {
    if ((await this.identity.countOrganisations()) > 0) return;
    const file = JSON.parse(readFileSync(templatePath('reference', 'tianjin-2022.json'), 'utf8')) as ReferenceFile;
    const { orgs } = organisationsOf(file);
    await this.db.tx((sql) => this.identity.provision(sql, orgs, [], this.clock.now().toISOString()));
    this.logger.log(`reference data loaded: ${orgs.length} organisations; no demo accounts under NODE_ENV=production`);
  }
}

function organisationsOf(file: ReferenceFile): { commission: Organisation; orgs: Organisation[] } {
  const commission: Organisation = { id: newId(), ...file.commission, docPrefix: file.commission.docPrefix };
  return { commission, orgs: [commission, ...file.organisations.map((o) => ({ id: newId(), ...o, docPrefix: null }))] };
}

interface DemoAccount {
  username: string;
  displayName: string;
  org: Organisation;
  roles: Role[];
}

/** One demo account per role of the commission, and one per QC center. */
function demoAccounts(commission: Organisation, orgs: Organisation[]): DemoAccount[] {
  return [
    { username: 'admin', displayName: '系统管理员', org: commission, roles: ['admin'] },
    { username: 'staff', displayName: '医政医管处 工作人员', org: commission, roles: ['staff'] },
    { username: 'leader', displayName: '分管领导', org: commission, roles: ['leader'] },
    { username: 'reviewer', displayName: '审核专家', org: commission, roles: ['reviewer'] },
    ...orgs
      .filter((o) => o.kind === 'center')
      .map((o) => ({ username: `center-${o.code}`, displayName: `${o.name} 联络员`, org: o, roles: ['center' as Role] })),
  ];
}

/** The reference notice of domain.md as a draft, with its division of labour (附件2). */
function referenceNotice(
  file: ReferenceFile,
  from: { id: string; commission: Organisation; byCode: Map<string, Organisation>; createdBy: string; at: string },
): Notice {
  const division: DivisionEntry[] = [];
  for (const d of file.division) {
    division.push({ organisationId: from.byCode.get(d.lead)!.id, goalCodes: [d.goalCode], role: 'lead' });
    for (const p of d.partners) division.push({ organisationId: from.byCode.get(p)!.id, goalCodes: [d.goalCode], role: 'partner' });
  }
  return {
    id: from.id,
    title: file.notice.title,
    docNumber: null,
    docYear: null,
    docSeq: null,
    issuerId: from.commission.id,
    recipients: file.notice.recipients,
    body: file.notice.body,
    attachments: file.notice.attachments,
    deadline: new Date(file.notice.deadline).toISOString(),
    timeZone: file.notice.timeZone,
    mailbox: file.notice.mailbox,
    campaignYear: file.notice.campaignYear,
    tableTemplate: file.notice.tableTemplate,
    tableSchema: null,
    division: mergeDivision(division),
    latePolicy: 'reject',
    reminderLadder: null,
    resubmissionWorkingDays: null,
    ...initialNoticeSnapshot(),
    version: 1,
    createdBy: from.createdBy,
    createdAt: from.at,
    updatedAt: from.at,
    signedAt: null,
    issuedAt: null,
    closedAt: null,
  };
}

/** One division entry per organisation and role, goals merged. */
function mergeDivision(entries: DivisionEntry[]): DivisionEntry[] {
  const merged = new Map<string, DivisionEntry>();
  for (const e of entries) {
    const key = `${e.organisationId}/${e.role}`;
    const found = merged.get(key);
    if (found) found.goalCodes.push(...e.goalCodes);
    else merged.set(key, { ...e, goalCodes: [...e.goalCodes] });
  }
  return [...merged.values()];
}
