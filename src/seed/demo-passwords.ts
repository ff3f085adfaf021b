import { createHmac } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I), as in one-time passwords. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const LENGTH = 16;

/**
 * The password of one demo account, derived from the secret (DEMO_PASSWORD, or
 * one generated at first start): every account has its own, and knowing one
 * tells nothing of another; whoever holds the secret can work them all out.
 */
export function demoPasswordOf(secret: string, username: string): string {
  const digest = createHmac('sha256', secret).update(`gongwen demo account ${username.toLowerCase()}`).digest();
  return Array.from(digest.subarray(0, LENGTH), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}
