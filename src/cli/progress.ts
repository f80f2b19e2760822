// A progress bar on a terminal (stderr), silent when piped or in CI.

import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

export function progressBar(label: string, total: number): Progress {
  if (!process.stderr.isTTY || process.env.CI) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} epochs | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(1, total), 0);
  let last = 0;
  return {
    update(done, t) {
      if (t !== undefined) bar.setTotal(Math.max(1, t));
      const now = Date.now();
      if (now - last > 100) {
        bar.update(done);
        last = now;
      }
    },
    stop() {
      bar.stop();
    },
  };
}
