// This till's printer and print queue for the mock, as laris-app's printing.rs keeps them:
// each command returns at once with the job queued; timers stand in for the printer thread
// (queued → printing → printed). A target containing `offline` is a printer that is off
// (`unreachable`), one containing `nopaper` is out of paper (`paper_out`), so the screens'
// error wording can be seen without hardware.
import { appError } from './backend';
import type { PrintFailureView, PrintJobView, PrintStatusView, PrinterSettingsView } from './types.gen';

/** How many finished jobs the status keeps (printing.rs KEPT_JOBS). */
const KEPT_JOBS = 20;
/** The longest printer address kept (laris-core MAX_PRINTER_TARGET_CHARS). */
const MAX_TARGET_CHARS = 200;

/** Why laris-printer's `Target::parse` refuses `text`; null when it is a target. */
export function targetProblem(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'empty';
  if (t.startsWith('file://')) {
    return t.slice('file://'.length).startsWith('/') ? null : 'a file:// address needs an absolute path (file:///dev/rfcomm0)';
  }
  if (t.startsWith('/')) return null;
  let rest = t;
  let portRequired = true;
  if (t.startsWith('tcp://')) {
    rest = t.slice('tcp://'.length).replace(/\/+$/, '');
    portRequired = false;
  } else if (t.includes('://')) return 'use tcp://host:port, file:///path or a device path';
  // `host`, `host:port`, `[v6]` or `[v6]:port`.
  let host: string;
  let port: string | null;
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
  if (rest.startsWith('[')) {
    if (!v6) return 'not host:port';
    host = v6[1];
    port = v6[2] ?? null;
  } else {
    const parts = rest.split(':');
    if (parts.length > 2) return 'not host:port';
    host = parts[0];
    port = parts[1] ?? null;
  }
  if (port !== null) {
    if (!/^[0-9]{1,5}$/.test(port) || Number(port) === 0 || Number(port) > 65535) return 'bad port';
  } else if (portRequired) return 'write host:port (the raw port is usually 9100)';
  if (host === '' || /[/ @]/.test(host)) return 'bad host';
  return null;
}

export class MockPrinter {
  settings: PrinterSettingsView = { target: '', paperMm: 58, autoPrint: false, openDrawer: false };
  /** Every job queued, printing or kept after it ended, newest first. */
  private jobs: PrintJobView[] = [];
  private nextId = 0;

  /** `stepMs`: how long each of "queued" and "printing" lasts. */
  constructor(private stepMs = 400) {}

  save(input: PrinterSettingsView): PrinterSettingsView {
    const target = input.target.trim();
    if (target !== '') {
      const why = targetProblem(target);
      if (why) throw appError('invalid_input', `${JSON.stringify(target)}: ${why}`, 'target');
    }
    if ([...target].length > MAX_TARGET_CHARS || /\p{Cc}/u.test(target)) {
      throw appError('invalid_input', `a printer address is one line of at most ${MAX_TARGET_CHARS} characters`, 'target');
    }
    if (input.paperMm !== 58 && input.paperMm !== 80) throw appError('invalid_input', 'the paper is 58 or 80 mm', 'paper_mm');
    this.settings = { target, paperMm: input.paperMm, autoPrint: input.autoPrint, openDrawer: input.openDrawer };
    return { ...this.settings };
  }

  status(): PrintStatusView {
    return { jobs: this.jobs.map((j) => ({ ...j })) };
  }

  /** A job for this till's printer: queued, or failed at once with `no_printer`. */
  print(label: string): PrintJobView {
    const target = this.settings.target;
    if (targetProblem(target) !== null) return this.failedNow(label);
    const job = this.job(label, 'queued');
    setTimeout(() => {
      job.state = 'printing';
      setTimeout(() => this.finish(job, target), this.stepMs);
    }, this.stepMs);
    return { ...job };
  }

  /** After a sale: printed only when this till prints every sale and has a printer. */
  afterSale(label: string): void {
    if (this.settings.autoPrint && targetProblem(this.settings.target) === null) this.print(label);
  }

  private finish(job: PrintJobView, target: string) {
    const failure: PrintFailureView | null = /offline/i.test(target) ? 'unreachable' : /nopaper/i.test(target) ? 'paper_out' : null;
    if (failure) {
      job.state = 'failed';
      job.failure = failure;
      job.message = failure === 'unreachable' ? `cannot reach ${target}: connection refused` : 'the printer is out of paper';
    } else {
      job.state = 'printed';
    }
    this.trim();
  }

  private job(label: string, state: string): PrintJobView {
    const job: PrintJobView = {
      id: ++this.nextId,
      label,
      state,
      failure: null,
      message: null,
      unconfirmed: false,
      paperNearEnd: false,
      reconnects: 0,
    };
    this.jobs.unshift(job);
    return job;
  }

  private failedNow(label: string): PrintJobView {
    const job = this.job(label, 'failed');
    job.failure = 'no_printer';
    job.message = 'no printer is set up on this till';
    this.trim();
    return { ...job };
  }

  private trim() {
    let ended = 0;
    this.jobs = this.jobs.filter((j) => {
      const done = j.state === 'printed' || j.state === 'failed';
      if (done) ended++;
      return !done || ended <= KEPT_JOBS;
    });
  }
}
