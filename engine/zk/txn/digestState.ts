// The replicated state until the data tree exists: a key/value map and a digest chain.
// digest after zxid z = FNV-1a(zxid z and the txn's canonical JSON, seeded with the digest
// before z), so two servers' digests at the same zxid are equal iff they applied the same
// txns in the same order — divergence shows at the first zxid where histories differ.
// DigestPrep is the matching leader-side validation: `create` of a key that exists (in the
// state or in a proposal not yet applied) becomes an `error` txn with NodeExists (-110),
// as ZooKeeper's PrepRequestProcessor turns a failed write into an error txn.
import { assert } from '../../kernel/assert.ts';
import { zxidHex, type Zxid } from '../zxid.ts';
import { canonicalJson } from '../../trace/canonicalJson.ts';
import { fnv1a, hex32 } from './fnv.ts';
import type { ClientWrite, ReplicatedState, RequestPrep, StateMachine, Txn } from './types.ts';

/** ZK: KeeperException.Code.NODEEXISTS. */
export const NODE_EXISTS = -110;
const INITIAL_DIGEST = 0x811c9dc5;

interface DigestSnapshot {
  digest: string;
  data: [string, string][];
}

/** Every server applies the same txn object it was sent, and a txn is never changed: print it once. */
const printed = new WeakMap<Txn, string>();
function txnText(txn: Txn): string {
  let text = printed.get(txn);
  if (text === undefined) printed.set(txn, text = canonicalJson(txn));
  return text;
}

export class DigestState implements ReplicatedState {
  private readonly data = new Map<string, string>();
  private chain = INITIAL_DIGEST;

  apply(zxid: Zxid, txn: Txn): void {
    switch (txn.type) {
      case 'set':
        this.data.set(String(txn.key), String(txn.value));
        break;
      case 'create':
        // A replayed create may meet its own key (fuzzy replay is idempotent in ZK): keep it.
        if (!this.data.has(String(txn.key))) this.data.set(String(txn.key), String(txn.value));
        break;
      case 'error':
        break;
      default:
        assert(false, `DigestState: unknown txn type ${txn.type}`);
    }
    this.chain = fnv1a(`${zxidHex(zxid)}|${txnText(txn)}`, this.chain);
  }

  has(key: string): boolean {
    return this.data.has(key);
  }

  get(key: string): string | undefined {
    return this.data.get(key);
  }

  get size(): number {
    return this.data.size;
  }

  digest(): string {
    return hex32(this.chain);
  }

  snapshot(): DigestSnapshot {
    return { digest: this.digest(), data: [...this.data].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
  }

  restore(snap: unknown): void {
    const s = snap as Partial<DigestSnapshot> | null;
    assert(s && typeof s.digest === 'string' && /^[0-9a-f]{8}$/.test(s.digest) && Array.isArray(s.data), 'DigestState.restore: malformed snapshot');
    this.data.clear();
    for (const [k, v] of s.data) this.data.set(String(k), String(v));
    this.chain = parseInt(s.digest, 16) >>> 0;
  }
}

/** ZK: PrepRequestProcessor with outstandingChanges, for the key/value state. */
export class DigestPrep implements RequestPrep {
  /** Keys created by proposals not yet applied, by zxid. */
  private readonly outstanding = new Map<Zxid, string>();

  constructor(private readonly state: DigestState) {}

  prepare(req: ClientWrite, zxid: Zxid): Txn {
    if (req.op === 'set') return { type: 'set', key: req.key, value: req.value };
    const pending = [...this.outstanding.values()].includes(req.key);
    if (pending || this.state.has(req.key)) return { type: 'error', err: NODE_EXISTS, op: 'create' };
    this.outstanding.set(zxid, req.key);
    return { type: 'create', key: req.key, value: req.value };
  }

  applied(zxid: Zxid): void {
    this.outstanding.delete(zxid);
  }
}

export const digestStateMachine: StateMachine = {
  newState: () => new DigestState(),
  newPrep: (state) => {
    assert(state instanceof DigestState, 'digestStateMachine: the state is not a DigestState');
    return new DigestPrep(state);
  },
};
