// Parses the value of a `server.N` line, the way ZooKeeper 3.8's QuorumPeer.QuorumServer
// does (initializeWithAddressString and ConfigUtils.getHostAndPort):
//   host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]
// with [IPv6] hosts in brackets. Multiple addresses joined by '|' (multiAddress.enabled)
// are refused, as ZooKeeper does by default. Hostnames are not resolved.
import type { HostPort, LearnerType, ServerSpec } from './types.ts';

export type ServerLineResult = { ok: true; server: ServerSpec } | { ok: false; message: string };

// ZK 3.8: QuorumServer.wrongFormat
const WRONG_FORMAT = 'does not have the form host:port:port[:type][;[clientHost:]clientPort]';

/** Java's String.split: trailing empty strings are dropped. */
function javaSplit(s: string, sep: string): string[] {
  const parts = s.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** ZK 3.8: ConfigUtils.getHostAndPort — "[v6addr]:a:b" or "host:a:b". */
function hostAndPorts(s: string): string[] | string {
  if (!s.startsWith('[')) return javaSplit(s, ':');
  const close = s.indexOf(']');
  if (close < 0) return `'${s}' starts with '[' but has no matching ']'`;
  if (close + 1 === s.length) return [s.slice(1, close)];
  if (s[close + 1] !== ':' || close + 2 === s.length) return `'${s}' has no port after ']:'`;
  return [s.slice(1, close), ...javaSplit(s.slice(close + 2), ':')];
}

function parsePort(raw: string): number | undefined {
  if (!/^[+-]?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= 65_535 ? n : undefined;
}

function parseType(raw: string): LearnerType | undefined {
  const t = raw.trim().toLowerCase();
  return t === 'participant' || t === 'observer' ? t : undefined;
}

export function parseServerValue(sid: number, value: string): ServerLineResult {
  const fail = (why: string): ServerLineResult => ({ ok: false, message: `server.${sid}=${value}: ${why}` });
  const serverClient = javaSplit(value, ';');
  if (serverClient.length > 2) return fail(WRONG_FORMAT);
  const [serverPart = '', clientPart] = serverClient;
  if (serverPart.includes('|')) {
    return fail("multiple addresses ('|') are not supported (ZooKeeper refuses them too unless multiAddress.enabled=true)");
  }

  const parts = hostAndPorts(serverPart);
  if (typeof parts === 'string') return fail(parts);
  if (parts.length < 3 || parts.length > 4) return fail(WRONG_FORMAT);
  const [host = '', quorumRaw = '', electionRaw = '', typeRaw] = parts;
  if (host === '') return fail('empty host');
  const quorumPort = parsePort(quorumRaw);
  if (quorumPort === undefined) return fail(`quorum port '${quorumRaw}' is not a port number (1-65535)`);
  const electionPort = parsePort(electionRaw);
  if (electionPort === undefined) return fail(`election port '${electionRaw}' is not a port number (1-65535)`);
  if (quorumPort === electionPort) {
    // ZK 3.8 words it "Client and election port must be different!" (it means the quorum port).
    return fail(`quorum port and election port must be different (both ${quorumPort})`);
  }
  let type: LearnerType = 'participant';
  if (typeRaw !== undefined) {
    const t = parseType(typeRaw);
    if (t === undefined) return fail(`Unrecognised peertype: ${typeRaw} (expected participant or observer)`);
    type = t;
  }

  let clientAddress: HostPort | undefined;
  if (clientPart !== undefined) {
    const cparts = hostAndPorts(clientPart);
    if (typeof cparts === 'string') return fail(cparts);
    if (cparts.length < 1 || cparts.length > 2) return fail(WRONG_FORMAT);
    // ZK 3.8: a bare port listens on 0.0.0.0.
    const clientHost = cparts.length === 2 ? cparts[0]! : '0.0.0.0';
    const portRaw = cparts[cparts.length - 1]!;
    const port = parsePort(portRaw);
    if (clientHost === '') return fail('empty client host');
    if (port === undefined) return fail(`client port '${portRaw}' is not a port number (1-65535)`);
    clientAddress = { host: clientHost, port };
  }
  return { ok: true, server: { sid, host, quorumPort, electionPort, type, ...(clientAddress ? { clientAddress } : {}) } };
}

/** Renders a server back to its `server.N` value; the inverse of parseServerValue. */
export function formatServerValue(s: ServerSpec): string {
  const host = s.host.includes(':') ? `[${s.host}]` : s.host;
  let out = `${host}:${s.quorumPort}:${s.electionPort}`;
  if (s.type === 'observer') out += ':observer';
  if (s.clientAddress) {
    const c = s.clientAddress;
    const chost = c.host.includes(':') ? `[${c.host}]` : c.host;
    out += c.host === '0.0.0.0' ? `;${c.port}` : `;${chost}:${c.port}`;
  }
  return out;
}
