import { ref } from 'vue';
import type { LoginResult, Me } from './types';

/**
 * The signed-in person and their bearer token, kept in sessionStorage: it
 * survives a reload but not the closing of the tab or the browser, so a shared
 * office computer does not stay signed in for the next person, and the token
 * never lands on disk for long. (A new tab asks to sign in again: the price.)
 */
export interface Session {
  accessToken: string;
  expiresAt: string;
  user: Me;
  /** Signed in with a one-time password: only 修改密码 (and 退出) until a new one is chosen. */
  mustChangePassword?: boolean;
}

const KEY = 'gongwen.session';

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const value = raw ? (JSON.parse(raw) as Session) : null;
    return value && Date.parse(value.expiresAt) > Date.now() ? value : null;
  } catch {
    return null;
  }
}

export const session = ref<Session | null>(load());

export function startSession(result: LoginResult): void {
  session.value = { accessToken: result.accessToken, expiresAt: result.expiresAt, user: result.user, mustChangePassword: result.mustChangePassword };
  sessionStorage.setItem(KEY, JSON.stringify(session.value));
}

/** The password was changed: the same session, now free to use the app. */
export function passwordChanged(user: Me): void {
  if (!session.value) return;
  session.value = { ...session.value, user, mustChangePassword: false };
  sessionStorage.setItem(KEY, JSON.stringify(session.value));
}

/** Why the server ended the session (账号已停用, 会话已结束…): 登录 says it once, in its form. */
let endedBecause = '';

export function endSession(reason = ''): void {
  session.value = null;
  sessionStorage.removeItem(KEY);
  endedBecause = reason;
}

/** The reason the last session was ended by the server, once; '' when the person signed out themselves. */
export function takeEndReason(): string {
  const reason = endedBecause;
  endedBecause = '';
  return reason;
}
