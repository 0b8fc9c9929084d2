/**
 * How the date folders under a scope prefix are written, and how a listing starts at a day:
 * - `YYYY/MM/DD/` (CloudTrail, flow logs, load balancers; flow logs may add an `HH/` folder),
 * - `year=YYYY/month=MM/day=DD/` (flow logs with Hive-compatible prefixes, optionally `hour=HH/`),
 *   https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 * - `YYYY/M/D/` (AWS Config: month and day without leading zeros, so keys do not sort by date and
 *   a StartAfter marker cannot skip old days; the listing visits day folders instead).
 */

/** One way of writing the date folders of a scope. */
export interface DateLayout {
  readonly name: 'padded' | 'hive' | 'unpadded';
  /** True when keys sort by date, so a StartAfter marker before a day folder skips every older day. */
  readonly sorted: boolean;
  /** The day folder of `day` (`YYYY-MM-DD`), with its trailing `/`. */
  folder(day: string): string;
  /** The `YYYY-MM-DD` of the date folder that follows `prefix` in `key`, if any. */
  dayOf(prefix: string, key: string): string | undefined;
}

function layout(name: DateLayout['name'], sorted: boolean, folder: (y: string, m: string, d: string) => string, pattern: RegExp): DateLayout {
  return Object.freeze({
    name,
    sorted,
    folder(day: string): string {
      const [y = '', m = '', d = ''] = day.split('-');
      return folder(y, m, d);
    },
    dayOf(prefix: string, key: string): string | undefined {
      if (!key.startsWith(prefix)) return undefined;
      const m = pattern.exec(key.slice(prefix.length));
      if (!m) return undefined;
      const month = Number(m[2]);
      const date = Number(m[3]);
      if (month < 1 || month > 12 || date < 1 || date > 31) return undefined;
      return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    },
  });
}

/** `YYYY/MM/DD/`. */
export const PADDED_DAYS: DateLayout = layout('padded', true, (y, m, d) => `${y}/${m}/${d}/`, /^(\d{4})\/(\d{2})\/(\d{2})\//);

/** `year=YYYY/month=MM/day=DD/`. */
export const HIVE_DAYS: DateLayout = layout('hive', true, (y, m, d) => `year=${y}/month=${m}/day=${d}/`, /^year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//);

/** `YYYY/M/D/`. */
export const UNPADDED_DAYS: DateLayout = layout(
  'unpadded', false, (y, m, d) => `${y}/${Number(m)}/${Number(d)}/`, /^(\d{4})\/(\d{1,2})\/(\d{1,2})\//,
);

/**
 * The StartAfter marker that lists a sorted scope from the first object of `day` on: the day
 * folder without its trailing slash sorts before every key inside it and after every older day.
 */
export function dayMarker(prefix: string, day: string, dates: DateLayout = PADDED_DAYS): string {
  return `${prefix}${dates.folder(day).slice(0, -1)}`;
}
