/** The messages bench:signin exchanges with its load process (bench/signin-load.ts). */

/** One sign-in, from a client address of its own (the app trusts the loopback proxy's X-Forwarded-For). */
export interface SignInRequest {
  address: string;
  username: string;
  password: string;
}

export interface SignInCommand {
  base: string;
  /** Sent all at once. */
  attack: SignInRequest[];
  /** Sent this long after the attack started. */
  realAfterMs: number;
  real: SignInRequest;
}

export interface SignInResult {
  real: { status: number; ms: number };
  /** From the attack's start to its last answer. */
  attackSeconds: number;
  attackMaxMs: number;
  /** The attack's answers by status. */
  statuses: Record<string, number>;
}
