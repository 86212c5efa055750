// A node's virtual disk: named files of bytes with append, write, truncate, rename,
// delete and fsync. Reads see every write at once (the page cache); only fsynced data
// survives a crash. Each file keeps the content it had at its last completed fsync; a
// crash rolls every file back to that, optionally keeping a random prefix of the first
// unsynced write (a torn write). Renames and deletes are metadata operations and are
// durable at once, as on a journaling file system; ZooKeeper's epoch files rely on
// write-temp, fsync, rename.
//
// Content is stored as immutable chunks; a durable image shares the chunk array of the
// live file (appends only add past it, truncation copies), so fsync costs O(1).
import { assert } from '../kernel/assert.ts';
import type { Random } from '../kernel/random.ts';

interface Image {
  chunks: Uint8Array[];
  n: number; // chunks[0..n) belong to this image
  bytes: number;
}

interface File {
  live: Image;
  durable: Image;
}

// Frozen all the way down: shared by every never-synced file of every disk.
const EMPTY: Image = Object.freeze({ chunks: Object.freeze([]) as unknown as Uint8Array[], n: 0, bytes: 0 });

/** What an fsync issued at some moment will make durable: the file (not its name) and its content then. */
export interface SyncPoint {
  readonly file: object;
  readonly image: Image;
}

export interface CrashLoss {
  file: string;
  lostBytes: number;
  tornBytes: number;
}

export class Disk {
  private readonly files = new Map<string, File>();

  constructor(readonly node: number) {}

  exists(name: string): boolean {
    return this.files.has(name);
  }

  list(prefix = ''): string[] {
    return [...this.files.keys()].filter((n) => n.startsWith(prefix)).sort();
  }

  size(name: string): number {
    return this.files.get(name)?.live.bytes ?? 0;
  }

  read(name: string): Uint8Array | undefined {
    const f = this.files.get(name);
    return f ? concat(f.live) : undefined;
  }

  /** Appends to `name`, creating it if needed. */
  append(name: string, data: Uint8Array): void {
    const f = this.file(name);
    const img = f.live;
    if (img.chunks.length !== img.n) {
      // Someone else's image extends past ours: never write into a shared array.
      f.live = { chunks: img.chunks.slice(0, img.n), n: img.n, bytes: img.bytes };
    }
    f.live.chunks.push(data.slice());
    f.live.n++;
    f.live.bytes += data.length;
  }

  /** Replaces the whole content of `name`. */
  write(name: string, data: Uint8Array): void {
    const f = this.file(name);
    f.live = { chunks: [data.slice()], n: 1, bytes: data.length };
  }

  truncate(name: string, length: number): void {
    const f = this.files.get(name);
    assert(f, `Disk.truncate: no file ${name}`);
    assert(length >= 0 && length <= f.live.bytes, `Disk.truncate: bad length ${length} for ${name}`);
    f.live = prefix(f.live, length);
  }

  rename(from: string, to: string): void {
    const f = this.files.get(from);
    assert(f, `Disk.rename: no file ${from}`);
    this.files.delete(from);
    this.files.set(to, f);
  }

  delete(name: string): void {
    this.files.delete(name);
  }

  /** Captures what an fsync of `name` issued now will make durable. */
  syncPoint(name: string): SyncPoint | undefined {
    const f = this.files.get(name);
    return f ? { file: f, image: { ...f.live } } : undefined;
  }

  /**
   * Completes an fsync: the captured content becomes the durable content of the file it
   * was taken from — like fsync(fd), it follows the file through a rename, and a file
   * deleted meanwhile makes nothing durable (not even a new file of the same name).
   */
  commitSync(point: SyncPoint): void {
    (point.file as File).durable = point.image;
  }

  /** Unsynced bytes of `name`. */
  unsyncedBytes(name: string): number {
    const f = this.files.get(name);
    return f ? Math.max(0, f.live.bytes - commonPrefixBytes(f.durable, f.live)) : 0;
  }

  /** A crash: every file goes back to its durable image (plus a torn prefix if `torn`). */
  crash(rng: Random | undefined): CrashLoss[] {
    const losses: CrashLoss[] = [];
    for (const [name, f] of [...this.files]) {
      const keep = commonPrefixBytes(f.durable, f.live);
      const lost = f.live.bytes - keep;
      let torn = 0;
      let img = f.durable;
      if (rng && lost > 0 && keep === f.durable.bytes) {
        // The first unsynced write lands partly.
        const next = chunkAfter(f.live, keep);
        if (next && next.length > 1) {
          torn = rng.between(1, next.length - 1);
          img = { chunks: [...f.durable.chunks.slice(0, f.durable.n), next.slice(0, torn)], n: f.durable.n + 1, bytes: f.durable.bytes + torn };
        }
      }
      if (lost > 0) losses.push({ file: name, lostBytes: lost - torn, tornBytes: torn });
      f.durable = img;
      // The live image gets its own object and chunk array: appends mutate the live image
      // in place, which must never change the durable one (or EMPTY).
      f.live = { chunks: img.chunks.slice(0, img.n), n: img.n, bytes: img.bytes };
    }
    return losses;
  }

  private file(name: string): File {
    let f = this.files.get(name);
    if (!f) this.files.set(name, (f = { live: { chunks: [], n: 0, bytes: 0 }, durable: EMPTY }));
    return f;
  }
}

function concat(img: Image): Uint8Array {
  if (img.n === 1) return img.chunks[0]!.slice();
  const out = new Uint8Array(img.bytes);
  let off = 0;
  for (let i = 0; i < img.n; i++) {
    out.set(img.chunks[i]!, off);
    off += img.chunks[i]!.length;
  }
  return out;
}

function prefix(img: Image, length: number): Image {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (let i = 0; i < img.n && bytes < length; i++) {
    const c = img.chunks[i]!;
    const take = Math.min(c.length, length - bytes);
    chunks.push(take === c.length ? c : c.slice(0, take));
    bytes += take;
  }
  return { chunks, n: chunks.length, bytes };
}

/** Bytes shared as a prefix by two images, comparing chunk identity (chunks are immutable). */
function commonPrefixBytes(a: Image, b: Image): number {
  let bytes = 0;
  const n = Math.min(a.n, b.n);
  for (let i = 0; i < n; i++) {
    const ca = a.chunks[i]!, cb = b.chunks[i]!;
    if (ca !== cb) return bytes + commonBytes(ca, cb);
    bytes += ca.length;
  }
  return bytes;
}

function commonBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function chunkAfter(img: Image, offset: number): Uint8Array | undefined {
  let bytes = 0;
  for (let i = 0; i < img.n; i++) {
    const c = img.chunks[i]!;
    if (bytes === offset) return c;
    if (bytes + c.length > offset) return c.subarray(offset - bytes);
    bytes += c.length;
  }
  return undefined;
}
