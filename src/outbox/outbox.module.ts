import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module.js';
import { OutboxAdminService } from './outbox-admin.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxRelay } from './outbox-relay.service.js';

@Module({ imports: [MailModule], controllers: [OutboxController], providers: [OutboxRelay, OutboxAdminService], exports: [OutboxRelay] })
export class OutboxModule {}
