import { canonicalJson, sha256 } from './ids.js';

/* Here in common/ because the migration that backfills the chain (src/database) computes it too: one definition. */

/**
 * The audit log is ONE hash chain over every row (global, not per commission):
 * sign-ins, accounts and the calendar belong to no commission, one walk proves
 * the whole log, and deleting all of one commission's rows breaks it like any
 * other deletion. Row n carries `chain_seq` n (1, 2, 3… without gaps, in id
 * order), the digest of row n-1 (`prev_digest`) and its own `digest`.
 */
export const GENESIS_DIGEST = '0'.repeat(64);

/** The columns a digest covers, as stored (text or null; the sequence a number). The row id is not covered: the sequence is. */
export interface ChainedContent {
  chain_seq: number;
  prev_digest: string;
  at: string;
  actor_id: string | null;
  actor_org_id: string | null;
  entity: string;
  entity_id: string;
  event: string;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  payload_digest: string | null;
  /** The stored JSON text, byte for byte (not re-serialised). */
  detail: string | null;
}

/**
 * The one definition of a row's digest: sha256 (hex) of the canonical JSON
 * (keys sorted, no spaces) of exactly the columns of ChainedContent, nulls
 * kept. Used by the writer, the migration's backfill and the verifier.
 */
export function chainDigest(row: ChainedContent): string {
  return sha256(
    canonicalJson({
      chain_seq: Number(row.chain_seq),
      prev_digest: row.prev_digest,
      at: row.at,
      actor_id: row.actor_id ?? null,
      actor_org_id: row.actor_org_id ?? null,
      entity: row.entity,
      entity_id: row.entity_id,
      event: row.event,
      kind: row.kind,
      from_state: row.from_state ?? null,
      to_state: row.to_state ?? null,
      payload_digest: row.payload_digest ?? null,
      detail: row.detail ?? null,
    }),
  );
}

/** Links rows (without their chain fields) after the head `{ seq, digest }`: answers the rows chained and the new head. */
export function linkRows<R extends Omit<ChainedContent, 'chain_seq' | 'prev_digest'>>(
  head: { seq: number; digest: string },
  rows: readonly R[],
): { rows: (R & { chain_seq: number; prev_digest: string; digest: string })[]; head: { seq: number; digest: string } } {
  let { seq, digest } = head;
  const linked = rows.map((row) => {
    const content = { ...row, chain_seq: seq + 1, prev_digest: digest };
    seq += 1;
    digest = chainDigest(content);
    return { ...content, digest };
  });
  return { rows: linked, head: { seq, digest } };
}
