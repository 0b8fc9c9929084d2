/** Number and byte formatting, and the names of IANA protocol numbers. */

/** 1234567 → "1.2 MB". */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

const PROTOCOLS: Record<string, string> = { '1': 'ICMP', '6': 'TCP', '17': 'UDP', '47': 'GRE', '50': 'ESP', '58': 'ICMPv6' };

/** "6" → "TCP (6)". */
export function protocolName(n: string | number | null): string {
  if (n === null) return '—';
  const name = PROTOCOLS[String(n)];
  return name === undefined ? String(n) : `${name} (${n})`;
}
