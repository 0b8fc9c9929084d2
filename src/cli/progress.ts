/** A one-line progress display on a terminal (stderr); silent when stderr is not a TTY. */
export interface Progress {
  tick(objects: number, events: number, bytes: number): void;
  done(): void;
}

/** Creates a progress line for `total` objects (0 = unknown). */
export function createProgress(stream: NodeJS.WriteStream, total: number): Progress {
  if (!stream.isTTY) return { tick() {}, done() {} };
  const started = Date.now();
  let last = 0;
  let objects = 0;
  let events = 0;
  let bytes = 0;
  const draw = (): void => {
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    const width = 30;
    const frac = total > 0 ? Math.min(objects / total, 1) : 0;
    const bar = total > 0 ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${objects}/${total}` : `${objects} objects`;
    stream.write(`\r${bar}  ${events} events  ${Math.round(events / secs)} ev/s  ${(bytes / 1048576 / secs).toFixed(1)} MB/s `);
  };
  return {
    tick(o, e, b) {
      objects += o;
      events += e;
      bytes += b;
      if (Date.now() - last > 100) {
        last = Date.now();
        draw();
      }
    },
    done() {
      draw();
      stream.write('\n');
    },
  };
}
