/** Who performs a transition: a signed-in user, or the engine itself (cascades, scheduler). */
export interface Acting {
  userId: string | null;
  organisationId: string | null;
}

export const SYSTEM: Acting = { userId: null, organisationId: null };
