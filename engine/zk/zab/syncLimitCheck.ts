// ZK 3.8: LearnerHandler.SyncLimitCheck — tracks the oldest PROPOSAL sent to a learner and
// not yet acked (and the next one), from the NEWLEADER ack on. `check(now)` fails when that
// proposal is syncLimit ticks old or older: the learner is then disconnected.
import type { Zxid } from '../zxid.ts';

export class SyncLimitCheck {
  private started = false;
  private currentZxid: Zxid = 0;
  private currentTime = -1;
  private nextZxid: Zxid = 0;
  private nextTime = -1;

  constructor(private readonly syncLimitUs: number) {}

  start(): void {
    this.started = true;
  }

  get oldestZxid(): Zxid {
    return this.currentZxid;
  }

  updateProposal(zxid: Zxid, nowUs: number): void {
    if (!this.started) return;
    if (this.currentTime < 0) {
      this.currentTime = nowUs;
      this.currentZxid = zxid;
    } else {
      this.nextTime = nowUs;
      this.nextZxid = zxid;
    }
  }

  updateAck(zxid: Zxid): void {
    if (this.currentZxid === zxid) {
      this.currentTime = this.nextTime;
      this.currentZxid = this.nextZxid;
      this.nextTime = -1;
      this.nextZxid = 0;
    } else if (this.nextZxid === zxid) {
      // ZK: "ACK for 0x.. received before ACK for 0x.."
      this.nextTime = -1;
      this.nextZxid = 0;
    }
  }

  check(nowUs: number): boolean {
    if (this.currentTime < 0) return true;
    return nowUs - this.currentTime < this.syncLimitUs;
  }
}
