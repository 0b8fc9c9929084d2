/** A top-N list with proportional bars; clicking a value calls `onPick` (add a filter, pivot). */
import type { TermsResult } from '../api.ts';

export interface TermsTableProps {
  terms: TermsResult;
  label: string;
  /** The heading of the value column's left side (the key). */
  column: string;
  valueColumn?: string;
  format?: (v: number) => string;
  keyFormat?: (k: string) => string;
  onPick?: (key: string) => void;
  pickTitle?: string;
}

/** Renders the buckets of a terms result as rows. */
export function TermsTable({ terms, label, column, valueColumn = 'Count', format = (v) => v.toLocaleString('en-US'), keyFormat = (k) => k, onPick, pickTitle }: TermsTableProps) {
  const max = Math.max(1, ...terms.buckets.map((b) => b.value));
  return (
    <table class="terms" data-terms={label}>
      <thead><tr><th>{column}</th><th class="num">{valueColumn}</th></tr></thead>
      <tbody>
        {terms.buckets.map((b) => (
          <tr key={b.key}>
            <td>
              <div class="bar" style={{ width: `${(100 * b.value) / max}%` }} />
              {onPick === undefined ? <span class="key">{keyFormat(b.key)}</span> : (
                <button type="button" class="link key" title={pickTitle} data-value={b.key} onClick={() => onPick(b.key)}>{keyFormat(b.key)}</button>
              )}
            </td>
            <td class="num">{format(b.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
