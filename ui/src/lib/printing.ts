// Print jobs as the window shows them. Printing happens on Rust's printer thread: the
// commands return at once with the job queued, and the window polls `printStatus` while a job
// it shows is still queued or printing.
import { backend } from './api';
import type { PrintJobView } from './api/types.gen';
import type { MessageKey } from './i18n/index.svelte';

/** How often a job still queued or printing is looked at again. */
export const PRINT_POLL_MS = 700;

export function jobBusy(job: PrintJobView | null): boolean {
  return job !== null && (job.state === 'queued' || job.state === 'printing');
}

/** The wording of a job's state: `print.failure.<code>` when it failed, `print.unconfirmed`
 * when the printer printed without confirming it. */
export function printStatusKey(job: PrintJobView): MessageKey {
  if (job.state === 'failed') return (job.failure ? `print.failure.${job.failure}` : 'print.failure.printer_error') as MessageKey;
  if (job.state === 'printed') return job.unconfirmed ? 'print.unconfirmed' : 'print.printed';
  return job.state === 'printing' ? 'print.printing' : 'print.queued';
}

/** Calls `update` with the job as `printStatus` shows it until it has ended (printed or
 * failed) or the returned stop is called. A job the queue no longer lists is left as it was. */
export function watchJob(job: PrintJobView, update: (j: PrintJobView) => void, every = PRINT_POLL_MS): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      const now = (await backend.printStatus()).jobs.find((j) => j.id === job.id);
      if (stopped || !now) return;
      update(now);
      if (jobBusy(now)) timer = setTimeout(tick, every);
    } catch {
      // The next look may work; a status read never interrupts the counter.
      if (!stopped) timer = setTimeout(tick, every);
    }
  };
  if (jobBusy(job)) timer = setTimeout(tick, every);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
