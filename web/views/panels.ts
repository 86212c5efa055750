// The side panel's tabs. Each is a view over the same run; add a line here to add a view
// (the data tree, sessions and watches views will live here too).
import { EventLogView } from './eventLog.ts';
import { FaultsView } from './faults.ts';
import { PrefixesView } from './prefixes.ts';
import { QuorumView } from './quorum.ts';
import { SpaceTimeView } from './spacetime.ts';
import type { PanelSpec } from './view.ts';
import { VotesView } from './votes.ts';
import { ZabLogView } from './zabLog.ts';

export const PANELS: readonly PanelSpec[] = [
  { id: 'votes', title: 'Votes', create: (ctx) => new VotesView(ctx) },
  { id: 'quorum', title: 'Quorum', create: (ctx) => new QuorumView(ctx) },
  { id: 'spacetime', title: 'Space-time', create: (ctx) => new SpaceTimeView(ctx) },
  { id: 'log', title: 'Log', create: (ctx) => new ZabLogView(ctx) },
  { id: 'prefixes', title: 'Prefixes', create: (ctx) => new PrefixesView(ctx) },
  { id: 'events', title: 'Event log', create: (ctx) => new EventLogView(ctx) },
  { id: 'faults', title: 'Faults', create: (ctx) => new FaultsView(ctx) },
];
