/**
 * The day folders to list in a scope whose keys do not sort by date (AWS Config's `YYYY/M/D/`).
 * A short span (the usual run: the late window up to today) is computed from the dates, one
 * listing per day; a long one (a first run with an old `only_logs_after`) walks the year and
 * month folders that exist, so empty months cost nothing (the Wazuh module lists every day,
 * wazuh#16138).
 */
import type { ObjectSource } from '../../core/index.ts';
import type { DateLayout } from './date-layout.ts';
import { addDays } from './layout.ts';

/** Spans up to this many days are computed; longer ones walk the folders. */
export const COMPUTED_SPAN_DAYS = 31;

/** The folders (full prefixes, ending with `/`) of the days from `firstDay` to `lastDay`, oldest first. */
export async function dayFolders(source: ObjectSource, prefix: string, dates: DateLayout, firstDay: string, lastDay: string): Promise<string[]> {
  if (firstDay > lastDay) return [];
  if (addDays(firstDay, COMPUTED_SPAN_DAYS) >= lastDay) {
    const folders: string[] = [];
    for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) folders.push(prefix + dates.folder(day));
    return folders;
  }
  return walkDayFolders(source, prefix, dates, firstDay, lastDay);
}

const NUMBER_FOLDER = /^(\d{1,4})\/$/;

/** The numeric child folders of `folder` (`2024/`, `3/`), as numbers with their prefixes. */
async function numberFolders(source: ObjectSource, folder: string): Promise<{ n: number; prefix: string }[]> {
  const out: { n: number; prefix: string }[] = [];
  for (const p of await source.listPrefixes(folder)) {
    const m = NUMBER_FOLDER.exec(p.slice(folder.length));
    if (m) out.push({ n: Number(m[1]), prefix: p });
  }
  return out.sort((a, b) => a.n - b.n);
}

/** The day folders between the two days that exist in the bucket, by walking years, months and days. */
async function walkDayFolders(source: ObjectSource, prefix: string, dates: DateLayout, firstDay: string, lastDay: string): Promise<string[]> {
  const folders: string[] = [];
  const [fy, fm] = firstDay.split('-').map(Number) as [number, number];
  const [ly, lm] = lastDay.split('-').map(Number) as [number, number];
  for (const year of await numberFolders(source, prefix)) {
    if (year.n < fy || year.n > ly) continue;
    for (const month of await numberFolders(source, year.prefix)) {
      const ym = year.n * 100 + month.n;
      if (ym < fy * 100 + fm || ym > ly * 100 + lm) continue;
      for (const day of await numberFolders(source, month.prefix)) {
        const iso = dates.dayOf(prefix, day.prefix);
        if (iso !== undefined && iso >= firstDay && iso <= lastDay) folders.push(day.prefix);
      }
    }
  }
  return folders;
}
