import { Module } from '@nestjs/common';
import { Outbox } from './outbox.service.js';
import { OutboxDelivery } from './outbox-delivery.service.js';
import { OutboxGauges } from './outbox-gauges.js';

/** The outbox table: written in the act's transaction (Outbox), drained by the mail relay (OutboxDelivery). */
@Module({ providers: [Outbox, OutboxDelivery, OutboxGauges], exports: [Outbox, OutboxDelivery] })
export class OutboxModule {}
