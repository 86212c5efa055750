// Colours that stay distinguishable for colour-blind readers: the Okabe–Ito palette. Every
// state also has a glyph and its name is always written next to it, so colour is never
// the only cue. Message types get fixed colours by protocol phase (election, discovery,
// sync, broadcast, heartbeat: families.ts); unknown types take the remaining palette entries
// in a stable order.
import type { NodeStatus } from '../trace/types.ts';

export const OKABE_ITO = {
  orange: '#E69F00', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442',
  blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7', black: '#000000',
} as const;

export const STATUS_COLOR: Record<NodeStatus, string> = {
  LOOKING: OKABE_ITO.orange,
  FOLLOWING: OKABE_ITO.sky,
  LEADING: OKABE_ITO.green,
  OBSERVING: OKABE_ITO.purple,
  UP: OKABE_ITO.blue,
  DOWN: '#6b6b6b',
  OFF: '#d9d9d9',
};

export const STATUS_GLYPH: Record<NodeStatus, string> = {
  LOOKING: '?', FOLLOWING: '●', LEADING: '★', OBSERVING: '◎', UP: '▲', DOWN: '✕', OFF: '○',
};

/** Text colour readable on each status colour. */
export const STATUS_INK: Record<NodeStatus, string> = {
  LOOKING: '#000', FOLLOWING: '#000', LEADING: '#fff', OBSERVING: '#000', UP: '#fff', DOWN: '#fff', OFF: '#333',
};

export const STATUS_LABEL: Record<NodeStatus, string> = {
  LOOKING: 'LOOKING — electing', FOLLOWING: 'FOLLOWING', LEADING: 'LEADING', OBSERVING: 'OBSERVING (no vote)',
  UP: 'running', DOWN: 'down (crashed)', OFF: 'not started',
};

// Broadcast is one hue in three lightnesses (readable without hue): requests and acks light,
// proposals mid, commits dark. ACK is counted as broadcast: NEWLEADER's ack shares the type.
const BROADCAST_LIGHT = '#E3A3C8', BROADCAST_DARK = '#7E2F60';
const KNOWN_TYPES: Record<string, string> = {
  NOTIFICATION: OKABE_ITO.orange,
  FOLLOWERINFO: OKABE_ITO.blue, OBSERVERINFO: OKABE_ITO.blue, LEADERINFO: OKABE_ITO.blue, ACKEPOCH: OKABE_ITO.blue,
  NEWLEADER: OKABE_ITO.green, UPTODATE: OKABE_ITO.green, DIFF: OKABE_ITO.green, SNAP: OKABE_ITO.green, TRUNC: OKABE_ITO.green,
  REQUEST: BROADCAST_LIGHT, ACK: BROADCAST_LIGHT, PROPOSAL: OKABE_ITO.purple, SYNC: OKABE_ITO.purple, COMMIT: BROADCAST_DARK, INFORM: BROADCAST_DARK,
  PING: '#999999', REVALIDATE: '#999999', QCM_HELLO: '#bbbbbb',
};
const SPARE = [OKABE_ITO.vermillion, OKABE_ITO.sky, OKABE_ITO.purple, OKABE_ITO.blue, OKABE_ITO.green, OKABE_ITO.orange];

export function typeColor(type: string, allTypes: readonly string[]): string {
  const known = KNOWN_TYPES[type];
  if (known) return known;
  const unknown = allTypes.filter((t) => !(t in KNOWN_TYPES));
  return SPARE[Math.max(0, unknown.indexOf(type)) % SPARE.length]!;
}

/** The sync decision a learner got (DIFF, TRUNC, SNAP): the Timeline's boxed marks, the Log view. */
export const SYNC_MODE_COLOR: Record<'DIFF' | 'TRUNC' | 'SNAP', string> = {
  DIFF: OKABE_ITO.green, TRUNC: OKABE_ITO.vermillion, SNAP: OKABE_ITO.blue,
};
