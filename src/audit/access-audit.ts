import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../common/current-user.js';
import type { Problem } from '../common/problem.filter.js';
import type { RefusalListener } from '../common/refusal-listener.js';
import { Db } from '../database/db.js';
import { AuditLog } from './audit-log.service.js';
import type { AuditKind } from './audit.entities.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Routed = Request & { user?: AuthUser; route?: { path?: string } };

/**
 * What the trail records of requests rather than acts, each row in its own
 * small transaction (a refused act's transaction rolled back): a signed-in
 * caller's write refused 403/404, an event refused (409, 422, 400), and every
 * document downloaded. Only routes that exist and callers who signed in: an
 * anonymous client cannot fill the trail.
 */
@Injectable()
export class AccessAudit implements RefusalListener, NestInterceptor {
  private readonly log = new Logger('AccessAudit');
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async refused(request: Request, problem: Problem): Promise<void> {
    const req = request as Routed;
    if (!req.user || !req.route?.path || !WRITES.has(req.method)) return;
    const isEvent = req.method === 'POST' && req.route.path.endsWith('/events');
    const kind: AuditKind | null =
      problem.status === 403 || problem.status === 404
        ? 'access.writeDenied'
        : isEvent && [400, 409, 422].includes(problem.status)
          ? 'access.transitionRefused'
          : null;
    if (!kind) return;
    const event = isEvent && typeof req.body?.type === 'string' ? String(req.body.type).slice(0, 40) : req.method;
    await this.record(req, kind, event, { status: problem.status, code: problem.code });
  }

  /**
   * A download is recorded when its answer ends, whichever way it was written (a StreamableFile, or a
   * stream a handler writes itself): the last chunk waits for the audit row, so a client holding the
   * whole file finds it in the trail.
   */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Routed>();
    const res = context.switchToHttp().getResponse<Response>();
    if (req.method !== 'GET') return next.handle();
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let recording: Promise<void> | undefined;
    res.end = ((...args: unknown[]) => {
      if (!recording && res.statusCode === 200 && res.getHeader('Content-Disposition') !== undefined) {
        recording = this.record(req, 'access.downloaded', 'DOWNLOAD', {}).catch((error: unknown) =>
          this.log.error({ message: 'download not recorded', error: String(error) }),
        );
      }
      if (!recording) return end(...args);
      void recording.then(() => end(...args));
      return res;
    }) as Response['end'];
    return next.handle();
  }

  private async record(req: Routed, kind: AuditKind, event: string, extra: Record<string, unknown>): Promise<void> {
    const user = req.user;
    if (!user) return;
    const id = typeof req.params?.id === 'string' ? req.params.id.slice(0, 36) : '-';
    await this.db.tx((sql) =>
      this.audit.append(sql, [
        {
          at: this.clock.now().toISOString(),
          actorId: user.id,
          actorOrgId: user.organisationId,
          entity: 'access',
          entityId: id,
          event,
          kind,
          from: null,
          to: null,
          detail: { route: `${req.method} ${req.route?.path ?? ''}`.slice(0, 200), ...extra },
        },
      ]),
    );
  }
}
