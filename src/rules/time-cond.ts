/**
 * `<time>` and `<weekday>` conditions, checked against the event's own time in the local time
 * zone (Wazuh checks the manager's clock when the event is processed; awsmon evaluates old
 * events too, so it uses the time the event happened).
 */

/** A compiled time-of-day or weekday condition. */
export type TimeCheck = (epochMs: number) => boolean;

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Parses `hh[:mm] [am|pm] - hh[:mm] [am|pm]`, optionally negated with `!`; throws a reason. */
export function compileTime(value: string): TimeCheck {
  const negate = value.trimStart().startsWith('!');
  const text = negate ? value.trimStart().slice(1) : value;
  const parts = text.split('-');
  if (parts.length !== 2) throw new Error(`time '${value}' is not a range such as "6 pm - 8:30 am" or "18:00 - 20:30"`);
  const from = minuteOfDay(parts[0]!, value);
  const to = minuteOfDay(parts[1]!, value);
  return (ms) => {
    const d = new Date(ms);
    const m = d.getHours() * 60 + d.getMinutes();
    const inside = from <= to ? m >= from && m <= to : m >= from || m <= to;
    return inside !== negate;
  };
}

function minuteOfDay(part: string, whole: string): number {
  const m = /^\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$/i.exec(part);
  if (m === null) throw new Error(`time '${whole}': '${part.trim()}' is not a time such as 18:30 or 6 pm`);
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const ampm = m[3]?.toLowerCase();
  if (ampm !== undefined) {
    if (h < 1 || h > 12) throw new Error(`time '${whole}': hour ${h} with ${ampm} is not 1 to 12`);
    h = (h % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) throw new Error(`time '${whole}': '${part.trim()}' is not a time of day`);
  return h * 60 + min;
}

/** Parses a weekday list (`monday,tuesday`, `weekdays`, `weekends`, negated with `!`); throws a reason. */
export function compileWeekday(value: string): TimeCheck {
  const negate = value.trimStart().startsWith('!');
  const text = (negate ? value.trimStart().slice(1) : value).toLowerCase();
  const days = new Set<number>();
  for (const word of text.split(/[\s,-]+/).filter(Boolean)) {
    if (word === 'weekdays') [1, 2, 3, 4, 5].forEach((d) => days.add(d));
    else if (word === 'weekends') [0, 6].forEach((d) => days.add(d));
    else {
      const i = DAYS.findIndex((d) => d === word || d.slice(0, 3) === word);
      if (i < 0) throw new Error(`weekday '${value}': '${word}' is not a day name (monday ... sunday, weekdays, weekends)`);
      days.add(i);
    }
  }
  return (ms) => days.has(new Date(ms).getDay()) !== negate;
}
