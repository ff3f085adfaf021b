import { serverNow } from '@/api/server-time';
import type { JsonObject } from './schema-model';

/**
 * The table as last typed, kept in this browser until the server has it: a
 * reload, a closed tab or a lost connection does not lose a center's work.
 * localStorage (not sessionStorage) so that it also outlives the tab; it is
 * cleared once the server holds the same table, and at 退出.
 */
export interface LocalDraft {
  table: JsonObject;
  /** When it was typed (server time), for the message that offers it back. */
  editedAt: string;
}

const PREFIX = 'gongwen.draft.';
const keyOf = (userId: string, assignmentId: string): string => `${PREFIX}${userId}.${assignmentId}`;

export function readLocalDraft(userId: string, assignmentId: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(keyOf(userId, assignmentId));
    return raw ? (JSON.parse(raw) as LocalDraft) : null;
  } catch {
    return null;
  }
}

export function writeLocalDraft(userId: string, assignmentId: string, table: JsonObject): void {
  try {
    localStorage.setItem(keyOf(userId, assignmentId), JSON.stringify({ table, editedAt: new Date(serverNow()).toISOString() } satisfies LocalDraft));
  } catch {
    // Storage full or refused (private mode): the server copy still follows by autosave.
  }
}

export function forgetLocalDraft(userId: string, assignmentId: string): void {
  localStorage.removeItem(keyOf(userId, assignmentId));
}

/** At 退出: nothing of this person's tables stays in the browser. */
export function forgetAllDrafts(userId: string): void {
  const prefix = `${PREFIX}${userId}.`;
  for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
}
