import { Injectable, Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter, type TransportOptions } from 'nodemailer';
import type { MailConfig } from '../config/app-config.js';

export interface OutgoingAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

/** A message ready to leave: built from a template, never from a raw request. */
export interface OutgoingMail {
  /** Stable, derived from the outbox key: a resend is recognisable as the same message. */
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: OutgoingAttachment[];
  /** Extra headers, e.g. the outbox key for tracing. */
  headers?: Record<string, string>;
}

/** Where mail goes: a real SMTP server, or the mail-drop folder. */
export abstract class MailTransport {
  abstract readonly name: string;
  abstract send(mail: OutgoingMail): Promise<void>;
  abstract close(): Promise<void>;
}

function envelope(config: MailConfig, mail: OutgoingMail): SendMailOptions {
  return {
    from: config.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    // nodemailer refuses line breaks in header values; subjects are single-line by construction.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** SMTP through nodemailer, pooled (a new connection costs ~100 ms here), with optional DKIM. */
export class SmtpTransport extends MailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    private readonly config: MailConfig,
    maxConnections: number,
  ) {
    super();
    this.transporter = nodemailer.createTransport({
      url: config.smtpUrl!,
      pool: true,
      maxConnections,
      maxMessages: 1000,
      tls: { rejectUnauthorized: config.tlsRejectUnauthorized },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      ...(config.dkim ? { dkim: config.dkim } : {}),
    } as TransportOptions);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(envelope(this.config, mail));
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** The embedded default: each message as an .eml file, readable by any mail client. */
export class MailDropTransport extends MailTransport {
  readonly name = 'mail-drop';
  private readonly transporter: Transporter;

  constructor(private readonly config: MailConfig) {
    super();
    mkdirSync(config.dropDir, { recursive: true });
    this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', ...(config.dkim ? { dkim: config.dkim } : {}) });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.transporter.sendMail(envelope(this.config, mail))) as { message: Buffer };
    // The file is named after the Message-ID, so a resend replaces it rather than adding a copy.
    const name = mail.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
    const path = join(this.config.dropDir, `${name}.eml`);
    await writeFile(`${path}.tmp`, info.message);
    await rename(`${path}.tmp`, path);
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

@Injectable()
export class MailTransportFactory {
  private readonly logger = new Logger('Mail');
  /** `connections`: as many pooled SMTP connections as the relay sends at once. */
  create(config: MailConfig, connections: number): MailTransport {
    const transport = config.smtpUrl ? new SmtpTransport(config, connections) : new MailDropTransport(config);
    this.logger.log(config.smtpUrl ? `mail goes to SMTP ${new URL(config.smtpUrl).host}` : `mail is written to ${config.dropDir}`);
    return transport;
  }
}
