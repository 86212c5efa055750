// Writes a server's initial disk before it first starts (a scenario's "this server has
// txns up to 0x100000005 and currentEpoch 1"), all of it durable: the empty snapshot.0 a
// fresh ZooKeeper writes, one log segment with the txns (counters 1..n of lastZxid's
// epoch), and the epoch files. The seeded txn at a zxid depends on the zxid only, so
// servers seeded with overlapping histories agree on them.
import type { Disk } from '../../disk/disk.ts';
import { encodeRecord } from '../persistence/records.ts';
import { snapFileName } from '../persistence/snapshots.ts';
import { logFileName } from '../persistence/txnLog.ts';
import { digestStateMachine } from '../txn/digestState.ts';
import type { StateMachine, Txn } from '../txn/types.ts';
import { counterOf, epochOf, zxid, zxidHex, type Zxid } from '../zxid.ts';

export interface DiskSeed {
  lastZxid?: Zxid;
  currentEpoch?: number;
  acceptedEpoch?: number;
}

const encoder = new TextEncoder();

/** The txn a seeded log holds at `z`. */
export function seedTxn(z: Zxid): Txn {
  return { type: 'set', key: `s${counterOf(z) % 4}`, value: zxidHex(z) };
}

export function seedServerDisk(disk: Disk, seed: DiskSeed, sm: StateMachine = digestStateMachine): void {
  const last = seed.lastZxid ?? 0;
  const durable = (file: string) => {
    const point = disk.syncPoint(file);
    if (point) disk.commitSync(point);
  };
  if (last > 0) {
    const empty = sm.newState();
    const snap = snapFileName(0);
    disk.write(snap, encodeRecord({ zxid: 0, digest: empty.digest(), state: empty.snapshot() }));
    durable(snap);
    const e = epochOf(last);
    const log = logFileName(zxid(e, 1));
    for (let c = 1; c <= counterOf(last); c++) disk.append(log, encodeRecord({ zxid: zxid(e, c), txn: seedTxn(zxid(e, c)) }));
    durable(log);
  }
  const currentEpoch = seed.currentEpoch ?? epochOf(last);
  const acceptedEpoch = seed.acceptedEpoch ?? currentEpoch;
  if (last > 0 || seed.currentEpoch !== undefined || seed.acceptedEpoch !== undefined) {
    disk.write('currentEpoch', encoder.encode(String(currentEpoch)));
    durable('currentEpoch');
    disk.write('acceptedEpoch', encoder.encode(String(acceptedEpoch)));
    durable('acceptedEpoch');
  }
}
