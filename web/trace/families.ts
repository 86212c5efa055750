// Message types grouped by protocol phase, for the space-time diagram's filter chips and
// the legend: election (FLE notifications), discovery (epoch agreement), sync (bringing a
// learner up to date), broadcast (client writes through PROPOSAL/ACK/COMMIT) and heartbeat.
// Each family has one hue from the Okabe–Ito palette (ui/palette.ts colours the types); PING
// is hidden by default, since a leader pings every follower every half tick and the
// heartbeats would drown everything else.

export interface MsgFamily {
  id: string;
  label: string;
  types: readonly string[];
}

export const FAMILIES: readonly MsgFamily[] = [
  { id: 'election', label: 'Election', types: ['NOTIFICATION', 'QCM_HELLO'] },
  { id: 'discovery', label: 'Discovery', types: ['FOLLOWERINFO', 'OBSERVERINFO', 'LEADERINFO', 'ACKEPOCH'] },
  { id: 'sync', label: 'Sync', types: ['DIFF', 'TRUNC', 'SNAP', 'NEWLEADER', 'UPTODATE'] },
  { id: 'broadcast', label: 'Broadcast', types: ['REQUEST', 'PROPOSAL', 'ACK', 'COMMIT', 'INFORM', 'SYNC'] },
  { id: 'heartbeat', label: 'Heartbeat', types: ['PING', 'REVALIDATE'] },
];

/** Types hidden until the user shows them. */
export const HIDDEN_BY_DEFAULT: readonly string[] = ['PING'];

/** The types of a run grouped by family, in family order; unknown types go to "Other". */
export function groupTypes(types: readonly string[]): { family: MsgFamily; types: string[] }[] {
  const present = new Set(types);
  const out = FAMILIES.map((family) => ({ family, types: family.types.filter((t) => present.has(t)) }));
  const known = new Set(FAMILIES.flatMap((f) => f.types));
  out.push({ family: { id: 'other', label: 'Other', types: [] }, types: types.filter((t) => !known.has(t)) });
  return out.filter((g) => g.types.length > 0);
}
