/** Who may see what: the three scopes and the actor every operation takes. */

/** session = scratch (expires), user = personal, sandbox = shared by every user of the library. */
export const SCOPES = ['session', 'user', 'sandbox'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is asking. Every operation takes one; visibility is decided from it on every read and write. */
export interface Actor {
  userId?: string | undefined;
  sessionId?: string | undefined;
}
