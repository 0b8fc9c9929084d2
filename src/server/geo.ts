/**
 * Where the top source addresses are, offline: the country of each address from the
 * geo-whois-asn-country MMDB file (an npm package, no network), matched to the country names of
 * the world-atlas shapes the dashboard draws. Private, documentation and other reserved addresses
 * are never looked up: a lookup table would place them somewhere, which would be a lie.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { Reader } from 'mmdb-lib';
import type { CountryResponse } from 'mmdb-lib';
import type { AggregationResult } from '../store/index.ts';

const require = createRequire(import.meta.url);

/** One located country: its ISO alpha-2 code, the world-atlas shape name (null: no shape), the summed metric. */
export interface GeoCountry { code: string; name: string | null; value: number }
/** One source address and where it is (null: reserved or unknown). */
export interface GeoIp { ip: string; code: string | null; value: number }
/** The answer of `GET /api/geo/:target`. */
export interface GeoResult { countries: GeoCountry[]; ips: GeoIp[]; unlocated: number }

/** IPv4 ranges that are not on the public internet (RFC 6890 and its successors). */
const RESERVED_V4: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

function v4(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const RESERVED_V4_RANGES = RESERVED_V4.map(([base, bits]) => {
  const size = 2 ** (32 - bits);
  const start = v4(base);
  return [start, start + size] as const;
});

/** Whether `ip` is a public unicast address (IPv4, or IPv6 global unicast 2000::/3 minus 2001:db8::/32). */
export function isPublicIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) {
    const n = v4(ip);
    return !RESERVED_V4_RANGES.some(([lo, hi]) => n >= lo && n < hi);
  }
  if (family === 6) {
    const lower = ip.toLowerCase();
    if (lower.includes('.')) return false; // IPv4-mapped and -embedded forms: not worth guessing
    const first = parseInt(lower.split(':')[0] || '0', 16);
    return first >= 0x2000 && first <= 0x3fff && !/^2001:0?db8:/.test(lower);
  }
  return false;
}

/**
 * Country names in world-atlas (Natural Earth's short names) that differ from the English names
 * ICU gives for the ISO code. Northern Cyprus and Somaliland have no ISO code and stay unmatched.
 */
const ATLAS_ALIASES: Record<string, string> = {
  'W. Sahara': 'EH', 'United States of America': 'US', 'Dem. Rep. Congo': 'CD', 'Dominican Rep.': 'DO', 'Falkland Is.': 'FK',
  'Fr. S. Antarctic Lands': 'TF', "Côte d'Ivoire": 'CI', 'Central African Rep.': 'CF', 'Congo': 'CG', 'Eq. Guinea': 'GQ',
  'eSwatini': 'SZ', 'Palestine': 'PS', 'Myanmar': 'MM', 'Turkey': 'TR', 'Solomon Is.': 'SB', 'Bosnia and Herz.': 'BA',
  'Macedonia': 'MK', 'Trinidad and Tobago': 'TT', 'S. Sudan': 'SS',
};

/** Codes ICU still names that are not current ISO countries (withdrawn, reserved, or groupings). */
const NOT_COUNTRIES = new Set(['AN', 'BU', 'CS', 'CT', 'DD', 'DY', 'EU', 'EZ', 'FQ', 'FX', 'HV', 'JT', 'MI', 'NH', 'NQ', 'NT', 'PC', 'PU', 'PZ', 'QO', 'RH', 'SU', 'TP', 'UK', 'UN', 'VD', 'WK', 'YD', 'YU', 'ZR', 'ZZ']);

/** The world-atlas shape name of each ISO alpha-2 code that has a shape. */
export function atlasNames(): Map<string, string> {
  const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as { objects: { countries: { geometries: { properties: { name: string } }[] } } };
  const display = new Intl.DisplayNames('en', { type: 'region' });
  const byName = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        name = undefined;
      }
      if (name !== undefined && name !== code && !NOT_COUNTRIES.has(code)) byName.set(name, code);
    }
  }
  const out = new Map<string, string>();
  for (const { properties: { name } } of atlas.objects.countries.geometries) {
    const code = ATLAS_ALIASES[name] ?? byName.get(name);
    if (code !== undefined) out.set(code, name);
  }
  return out;
}

/** Looks addresses up; the database and shape names load on first use. */
export interface GeoLocator {
  /** The ISO alpha-2 country of a public address; null for reserved or unknown ones. */
  country(ip: string): string | null;
  /** Groups a terms aggregation over source addresses by country. */
  locate(terms: AggregationResult): GeoResult;
}

/** A locator over the packaged MMDB file. */
export function createGeoLocator(): GeoLocator {
  // The file's records are `{country_code}`, not MaxMind's shape: read as unknown and checked.
  let reader: Reader<CountryResponse> | undefined;
  let names: Map<string, string> | undefined;
  const country = (ip: string): string | null => {
    if (!isPublicIp(ip)) return null;
    reader ??= new Reader<CountryResponse>(readFileSync(require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb')));
    const code = (reader.get(ip) as { country_code?: unknown } | null)?.country_code;
    return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : null;
  };
  return {
    country,
    locate(terms) {
      if (terms.kind !== 'terms') throw new TypeError('locate needs a terms aggregation');
      names ??= atlasNames();
      const byCountry = new Map<string, number>();
      const ips: GeoIp[] = [];
      let unlocated = terms.other;
      for (const { key, value } of terms.buckets) {
        const code = country(key);
        ips.push({ ip: key, code, value });
        if (code === null) unlocated += value;
        else byCountry.set(code, (byCountry.get(code) ?? 0) + value);
      }
      const countries = [...byCountry].map(([code, value]) => ({ code, name: names!.get(code) ?? null, value }))
        .sort((x, y) => y.value - x.value || x.code.localeCompare(y.code));
      return { countries, ips, unlocated };
    },
  };
}
