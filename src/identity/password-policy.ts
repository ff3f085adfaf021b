import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DomainError } from '../common/errors.js';
import { isCommonPassword } from '../common/common-passwords.js';

export const MIN_PASSWORD_LENGTH = 10;

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand (no 0/O, 1/l/I). */
const ONE_TIME_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const ONE_TIME_LENGTH = 16;

/** What a chosen password must be: long enough, not the username, not one of the most common passwords. */
@Injectable()
export class PasswordPolicy {
  /** One of the most common passwords (case ignored): never accepted, neither when chosen nor at sign-in. */
  isCommon(password: string): boolean {
    return isCommonPassword(password);
  }

  /** The reasons, in Chinese, why `password` may not be chosen by `username` (none: it may). */
  problems(password: string, username: string, current?: string): string[] {
    const lower = password.toLowerCase();
    const problems: string[] = [];
    if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`);
    if (username !== '' && lower.includes(username.toLowerCase())) problems.push('密码不能包含用户名');
    if (this.isCommon(password)) problems.push('密码过于常见，容易被猜中，请换一个');
    else if (new Set(password).size === 1) problems.push('密码不能由同一个字符重复组成');
    if (current !== undefined && password === current) problems.push('新密码不能与当前密码相同');
    return problems;
  }

  /** Throws WEAK_PASSWORD naming every reason at once. */
  assertAcceptable(password: string, username: string, current?: string, field = 'newPassword'): void {
    const problems = this.problems(password, username, current);
    if (problems.length > 0) {
      throw new DomainError('WEAK_PASSWORD', `新密码不符合要求：${problems.join('；')}`, { errors: problems.map((message) => ({ field, message })) });
    }
  }

  /** A one-time password an administrator passes on; it opens one session, in which the user must choose their own. */
  generateOneTime(): string {
    // Held to the common list like every password set (16 random characters never match it in practice).
    for (;;) {
      const password = Array.from({ length: ONE_TIME_LENGTH }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]).join('');
      if (!this.isCommon(password)) return password;
    }
  }
}
