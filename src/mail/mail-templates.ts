import { readFileSync } from 'node:fs';
import { templatePath } from '../common/project-paths.js';

export type MailTemplateName = 'submission' | 'receipt' | 'noticeIssued' | 'returned' | 'approved' | 'feedback' | 'extension' | 'reminder' | 'deadlineSummary';

interface MailTemplate {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Header values stay on one line whatever a user typed: no header injection. */
const oneLine = (s: string): string => s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();

function fill(template: string, vars: Record<string, string>, encode: (s: string) => string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    if (!(name in vars)) throw new Error(`mail template variable {{${name}}} has no value`);
    return encode(vars[name]);
  });
}

/** The Chinese mail templates under templates/mail, read once. */
export class MailTemplates {
  private readonly templates = new Map<MailTemplateName, MailTemplate>();

  constructor() {
    for (const name of ['submission', 'receipt', 'noticeIssued', 'returned', 'approved', 'feedback', 'extension', 'reminder', 'deadlineSummary'] as const) {
      this.templates.set(name, JSON.parse(readFileSync(templatePath('mail', `${name}.json`), 'utf8')) as MailTemplate);
    }
  }

  render(name: MailTemplateName, vars: Record<string, string>): MailTemplate {
    const t = this.templates.get(name)!;
    const subject = oneLine(fill(t.subject, vars, oneLine));
    // User text (a reason, feedback) is escaped in HTML and kept as typed in plain text.
    const html = fill(t.html, { ...vars, subject }, (s) => escapeHtml(s).replace(/\n/g, '<br>'));
    return { subject, text: fill(t.text, vars, (s) => s), html };
  }
}
