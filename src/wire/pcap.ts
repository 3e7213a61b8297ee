/**
 * Captures as a pcap file (the classic libpcap format, Ethernet link type) that Wireshark and tshark open: each
 * capture becomes one TCP connection between 127.0.0.1:clientPort and 127.0.0.1:serverPort — a SYN handshake,
 * every chunk as a segment with the sequence and acknowledgement numbers of a real stream (so Wireshark reassembles
 * TLS records split over segments), and each side's FIN or RST as it happened. Opened with the SSLKEYLOGFILE
 * written alongside, Wireshark decrypts it.
 *
 * The framing is made, not sniffed: one stream per lab connection (the relay's two legs shown as one), no window
 * or options, checksums computed. Timestamps are the relay's, on the wall clock. The server is shown on port 443,
 * not the lab's ephemeral port: Wireshark decodes 443 as TLS at once, where an ephemeral port may belong to
 * another protocol's dissector and hide the TLS. Client ports are the real ones, made unique within a file.
 */
import type { WireCapture, WireSide } from './types.js';

const ETHERNET = 1;
const MAX_PAYLOAD = 65535 - 20 - 20;
const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;
const LOOPBACK = [127, 0, 0, 1] as const;
export const PCAP_SERVER_PORT = 443;

interface Packet {
  /** Epoch ms. */
  at: number;
  /** Tie-breaker keeping a connection's packets in the order they were made. */
  order: number;
  frame: Buffer;
}

function checksum(...parts: Buffer[]): number {
  let sum = 0;
  for (const part of parts) {
    for (let i = 0; i + 1 < part.length; i += 2) sum += part.readUInt16BE(i);
    if (part.length % 2 === 1) sum += part[part.length - 1]! << 8;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Ethernet + IPv4 + TCP around `payload`, both addresses 127.0.0.1. */
function frame(id: number, sourcePort: number, destinationPort: number, seq: number, ack: number, flags: number, payload: Uint8Array): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(sourcePort, 0);
  tcp.writeUInt16BE(destinationPort, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp.writeUInt32BE(flags & ACK ? ack >>> 0 : 0, 8);
  tcp[12] = 5 << 4; // header length: 5 words, no options
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14); // window
  const data = Buffer.from(payload);
  const pseudo = Buffer.from([...LOOPBACK, ...LOOPBACK, 0, 6, (20 + data.length) >> 8, (20 + data.length) & 0xff]);
  tcp.writeUInt16BE(checksum(pseudo, tcp, data), 16);

  const ip = Buffer.alloc(20);
  ip[0] = 0x45; // IPv4, 5-word header
  ip.writeUInt16BE(20 + 20 + data.length, 2);
  ip.writeUInt16BE(id & 0xffff, 4);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = 64; // TTL
  ip[9] = 6; // TCP
  ip.set(LOOPBACK, 12);
  ip.set(LOOPBACK, 16);
  ip.writeUInt16BE(checksum(ip), 10);

  const ethernet = Buffer.alloc(14); // loopback frames carry zero MAC addresses
  ethernet.writeUInt16BE(0x0800, 12);
  return Buffer.concat([ethernet, ip, tcp, data]);
}

/** The packets of one captured connection. */
function connectionPackets(capture: WireCapture, index: number, clientPort: number, ids: { next: number }): Packet[] {
  const packets: Packet[] = [];
  const ports: Record<WireSide, number> = { client: clientPort, server: PCAP_SERVER_PORT };
  const seq: Record<WireSide, number> = { client: (0x10000000 + index * 0x00100000) >>> 0, server: (0x60000000 + index * 0x00100000) >>> 0 };
  const other = (side: WireSide): WireSide => (side === 'client' ? 'server' : 'client');
  let order = 0;
  const send = (at: number, from: WireSide, flags: number, payload: Uint8Array = Buffer.alloc(0)) => {
    const to = other(from);
    packets.push({ at, order: order++, frame: frame(ids.next++, ports[from], ports[to], seq[from], seq[to], flags, payload) });
    seq[from] = (seq[from] + payload.length + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
  };
  const times = [...capture.chunks.map((c) => c.t), ...capture.closes.map((c) => c.t)];
  const first = capture.startedAt + (times.length > 0 ? Math.min(...times) : 0);
  send(first - 0.003, 'client', SYN);
  send(first - 0.002, 'server', SYN | ACK);
  send(first - 0.001, 'client', ACK);
  const events = [
    ...capture.chunks.map((chunk, i) => ({ t: chunk.t, i, from: chunk.from, data: chunk.data, close: undefined })),
    ...capture.closes.map((close, i) => ({ t: close.t, i: capture.chunks.length + i, from: close.from, data: undefined, close: close.how })),
  ].sort((a, b) => a.t - b.t || a.i - b.i);
  let reset = false;
  for (const event of events) {
    if (reset) break;
    const at = capture.startedAt + event.t;
    if (event.data) {
      for (let offset = 0; offset < event.data.length; offset += MAX_PAYLOAD) send(at, event.from, PSH | ACK, event.data.subarray(offset, offset + MAX_PAYLOAD));
    } else if (event.close === 'fin') {
      send(at, event.from, FIN | ACK);
    } else {
      send(at, event.from, RST | ACK);
      reset = true;
    }
  }
  return packets;
}

/**
 * The client port each capture gets in a pcap of `captures`: its own, unless an earlier connection in the file
 * has it (the OS reuses ephemeral ports), then the next free one: one port, one connection.
 */
export function pcapClientPorts(captures: readonly WireCapture[]): number[] {
  const used = new Set<number>();
  return captures.map((capture, index) => {
    let port = capture.clientPort > 0 ? capture.clientPort : 40000 + index;
    while (used.has(port) || port === PCAP_SERVER_PORT) port = port >= 65535 ? 1024 : port + 1;
    used.add(port);
    return port;
  });
}

/** A pcap file holding every capture as its own TCP connection, packets in time order. */
export function pcapFile(captures: readonly WireCapture[]): Buffer {
  const ids = { next: 1 };
  const ports = pcapClientPorts(captures);
  const packets = captures.flatMap((capture, index) => connectionPackets(capture, index, ports[index]!, ids).map((p) => ({ ...p, connection: index })));
  packets.sort((a, b) => a.at - b.at || a.connection - b.connection || a.order - b.order);
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16); // snaplen
  header.writeUInt32LE(ETHERNET, 20);
  const records = packets.map(({ at, frame: bytes }) => {
    const record = Buffer.alloc(16);
    const micros = Math.max(0, Math.round(at * 1000));
    record.writeUInt32LE(Math.floor(micros / 1_000_000), 0);
    record.writeUInt32LE(micros % 1_000_000, 4);
    record.writeUInt32LE(bytes.length, 8);
    record.writeUInt32LE(bytes.length, 12);
    return Buffer.concat([record, bytes]);
  });
  return Buffer.concat([header, ...records]);
}
