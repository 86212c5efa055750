// Writes a server's initial disk before it first starts (a scenario's "this server has
// txns up to 0x100000005 and currentEpoch 1"), all of it durable.
import type { Disk } from '../../disk/disk.ts';
import { encodeRecord } from '../persistence/records.ts';
import { TXN_LOG } from '../persistence/txnLog.ts';
import { counterOf, epochOf, zxid, type Zxid } from '../zxid.ts';

export interface DiskSeed {
  lastZxid?: Zxid;
  currentEpoch?: number;
  acceptedEpoch?: number;
}

const encoder = new TextEncoder();

export function seedServerDisk(disk: Disk, seed: DiskSeed): void {
  const last = seed.lastZxid ?? 0;
  const durable = (file: string) => {
    const point = disk.syncPoint(file);
    if (point) disk.commitSync(point);
  };
  if (last > 0) {
    const e = epochOf(last);
    for (let c = 1; c <= counterOf(last); c++) disk.append(TXN_LOG, encodeRecord({ zxid: zxid(e, c), type: 'seed' }));
    durable(TXN_LOG);
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
